public import Foundation

/// A reply a rep can insert: their own, or shared with every rep.
public struct StoredTemplate: Sendable, Hashable, Codable, Identifiable {
    /// The template's identifier.
    public var id: UUID
    /// The owner; nil for a template shared with every rep.
    public var repID: UUID?
    /// A short name to pick it by.
    public var name: String
    /// The text, in English, with any `{variables}`.
    public var text: String
    /// When it was created.
    public var createdAt: Date
    /// When it was last changed.
    public var updatedAt: Date
}
