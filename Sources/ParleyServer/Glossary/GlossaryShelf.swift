internal import ParleyMessaging
public import ParleyGlossary
public import ParleyTranslation
internal import Synchronization

/// The glossaries a running service edits and translates with: the glossary folder, the industry
/// the service translates for, and the glossary set currently enforced, which an admin's edit
/// replaces at once (``ParleyServices/currentPipeline`` picks it up on the next translation).
///
/// Edits are made one at a time (read, change, validate, save), so two admins' edits in this
/// process never overwrite each other; edits from other processes (the CLI, other replicas) are
/// seen on the next edit, not by the enforced set.
public final class GlossaryShelf: Sendable {
    /// The glossary folder.
    public let library: GlossaryLibrary
    /// The industry the service translates for; nil for the do-not-translate list alone.
    public let industry: String?
    private let enforced: Mutex<GlossarySet?>
    private let edits = Mutex<Void>(())

    /// - Parameters:
    ///   - library: the glossary folder.
    ///   - industry: the industry the service translates for; nil for the do-not-translate list alone.
    ///   - current: the glossary set the service's pipeline enforces now; nil when it translates
    ///     without glossaries (then edits are saved but not enforced).
    public init(library: GlossaryLibrary, industry: String?, current: GlossarySet?) {
        self.library = library
        self.industry = industry
        enforced = Mutex(current)
    }

    /// Loads the industry's glossary and the do-not-translate list from the folder.
    /// - Parameters:
    ///   - library: the glossary folder.
    ///   - industry: the industry the service translates for; nil for the do-not-translate list alone.
    /// - Throws: `GlossaryError` when a file is missing or invalid.
    public convenience init(loading library: GlossaryLibrary, industry: String?) throws(GlossaryError) {
        self.init(library: library, industry: industry, current: try GlossarySet.load(industry: industry, from: library))
    }

    /// The glossary set enforced now.
    public var current: GlossarySet? {
        enforced.withLock { $0 }
    }

    /// What an edit did.
    struct Edit: Sendable {
        /// The glossary before.
        var before: Glossary
        /// The glossary after (the same as `before` when nothing changed).
        var after: Glossary
        /// The change-log entry; nil when nothing changed.
        var entry: GlossaryChangeLog.Entry?
    }

    /// Changes an industry's glossary: reads it (empty when it has no file yet), applies `change`,
    /// validates and saves the result with its change-log entry, and enforces it when the service
    /// translates with it. Edits run one at a time.
    /// - Parameters:
    ///   - industry: the glossary's industry.
    ///   - author: who edits, for the change log.
    ///   - action: what they do, for the change log.
    ///   - change: makes the new glossary from the current one; throws to abandon the edit.
    /// - Throws: `GlossaryError` when the result is invalid (nothing is saved), or what `change` throws.
    func edit(
        _ industry: String, by author: String, action: String, _ change: (Glossary) throws -> Glossary
    ) throws -> Edit {
        try edits.withLock { _ throws -> Edit in
            let before = try library.loadOrEmpty(industry)
            let after = try change(before)
            let entry = try library.save(after, by: author, action: action)
            if entry != nil { enforce(after) }
            return Edit(before: before, after: after, entry: entry)
        }
    }

    /// Replaces a glossary in the enforced set, when the set has one of its industry.
    private func enforce(_ glossary: Glossary) {
        enforced.withLock { set in
            guard let current = set, current.versions[glossary.industry] != nil else { return }
            set = GlossarySet(current.glossaries.map { $0.industry == glossary.industry ? glossary : $0 })
        }
    }
}
