public import Foundation
public import ParleyGlossary
public import ParleyThreads

/// The glossaries every replica enforces, kept in the store so replicas on different machines agree.
///
/// The rule: an industry's current glossary is the one last published to the store (the highest
/// revision); the glossary folder a replica starts with counts only until an industry's first
/// publication. An edit publishes the whole glossary (as TBX) with the revision it started from, so
/// two admins editing on two replicas at once do not both win; each replica asks for the
/// revisions now and then (``revisions()``, one small read) and reloads what changed.
public struct SharedGlossaries: Sendable {
    /// A glossary as published.
    public struct Published: Sendable {
        /// The glossary.
        public var glossary: Glossary
        /// Its publication count; an edit starting from it publishes with this revision.
        public var revision: Int64
        /// Who made the edit.
        public var author: String
        /// What they did.
        public var action: String
        /// When.
        public var at: Date
    }

    /// The store holding them.
    public let store: any ThreadStore

    /// - Parameters:
    ///   - store: the store holding the published glossaries.
    public init(store: any ThreadStore) {
        self.store = store
    }

    /// The revision of every published glossary, by industry.
    public func revisions() async throws(ThreadStoreError) -> [String: Int64] {
        try await store.sharedGlossaryRevisions()
    }

    /// An industry's current glossary; nil when none was published (the folder's holds).
    /// - Throws: `ThreadStoreError` when the store fails; `GlossaryError` when the published
    ///   document cannot be read or is invalid (it was valid when published, so a newer version
    ///   of Parley may have written it).
    public func current(_ industry: String) async throws -> Published? {
        guard let shared = try await store.sharedGlossary(industry: industry) else { return nil }
        let file = "\(industry).tbx (published revision \(shared.revision))"
        let document = try TBXReader().read(Data(shared.document.utf8), file: file, industry: industry)
        let issues = GlossaryValidator().issues(in: document.glossary, file: file, document: document)
        if !issues.isEmpty { throw GlossaryError(issues) }
        return Published(
            glossary: document.glossary, revision: shared.revision, author: shared.author, action: shared.action, at: shared.updatedAt)
    }

    /// Publishes a glossary as its industry's current one.
    /// - Parameters:
    ///   - glossary: the glossary, validated.
    ///   - author: who edited it.
    ///   - action: what they did.
    ///   - date: when.
    ///   - revision: the revision the edit started from (0 when none was published);
    ///     `ThreadStoreError/Code/conflict` when another was published since.
    /// - Returns: the new revision.
    @discardableResult
    public func publish(_ glossary: Glossary, by author: String, action: String, at date: Date, after revision: Int64)
        async throws(ThreadStoreError) -> Int64
    {
        let shared = SharedGlossary(
            industry: glossary.industry, revision: revision + 1, version: glossary.version.identifier,
            document: TBXWriter().write(glossary), author: author, action: action, updatedAt: date)
        return try await store.publishGlossary(shared, after: revision).revision
    }
}
