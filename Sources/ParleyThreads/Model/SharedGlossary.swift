public import Foundation

/// An industry's glossary as published to the database, so every replica enforces the same one: the
/// newest edit of any replica, as a whole TBX document.
public struct SharedGlossary: Sendable, Hashable, Codable {
    /// The glossary's industry, e.g. `hvac`.
    public var industry: String
    /// Counts the glossary's publications, from 1; a replica reloads the glossary when it changes.
    public var revision: Int64
    /// The glossary's version (its content hash).
    public var version: String
    /// The glossary as a TBX document.
    public var document: String
    /// Who made the edit.
    public var author: String
    /// What they did, e.g. `edit concept`.
    public var action: String
    /// When.
    public var updatedAt: Date

    /// - Parameters:
    ///   - industry: the glossary's industry.
    ///   - revision: its publication count.
    ///   - version: its version.
    ///   - document: the glossary as TBX.
    ///   - author: who made the edit.
    ///   - action: what they did.
    ///   - updatedAt: when.
    public init(
        industry: String, revision: Int64, version: String, document: String, author: String, action: String, updatedAt: Date
    ) {
        self.industry = industry
        self.revision = revision
        self.version = version
        self.document = document
        self.author = author
        self.action = action
        self.updatedAt = updatedAt
    }
}
