internal import Foundation
public import ParleyGlossary
public import ParleyMessaging
public import ParleyTranslation
internal import ParleyThreads
internal import Synchronization

/// The glossaries a running service edits and translates with: the glossary folder, the industry
/// the service translates for, and the glossary set currently enforced, which an admin's edit
/// replaces at once (``ParleyServices/currentPipeline`` picks it up on the next translation).
///
/// With ``shared`` (a service on a database), an edit is published to the store before it is saved
/// to the folder, and ``refresh()`` (run every second by ``GlossarySync``) brings in what other
/// replicas published: the folder's file is rewritten and the enforced set replaced, so an edit on
/// any replica applies on every replica. Edits in this process take turns; edits on two replicas
/// at once do not overwrite each other (the later one is made again on the glossary the earlier
/// one left). Without ``shared``, edits from other processes are seen on the next edit only.
public final class GlossaryShelf: Sendable {
    /// The glossary folder.
    public let library: GlossaryLibrary
    /// The industry the service translates for; nil for the do-not-translate list alone.
    public let industry: String?
    /// The glossaries published to the database, which every replica follows; nil for a service
    /// whose glossaries live in its folder alone.
    public let shared: SharedGlossaries?
    private let enforced: Mutex<GlossarySet?>
    /// The published revision this process has taken in, by industry.
    private let seen = Mutex<[String: Int64]>([:])
    private let turns = Turns()

    /// - Parameters:
    ///   - library: the glossary folder.
    ///   - industry: the industry the service translates for; nil for the do-not-translate list alone.
    ///   - current: the glossary set the service's pipeline enforces now; nil when it translates
    ///     without glossaries (then edits are saved but not enforced).
    ///   - shared: the glossaries published to the database, to publish edits to and follow; nil
    ///     for the folder alone.
    public init(library: GlossaryLibrary, industry: String?, current: GlossarySet?, shared: SharedGlossaries? = nil) {
        self.library = library
        self.industry = industry
        self.shared = shared
        enforced = Mutex(current)
    }

    /// Loads the industry's glossary and the do-not-translate list from the folder.
    /// - Parameters:
    ///   - library: the glossary folder.
    ///   - industry: the industry the service translates for; nil for the do-not-translate list alone.
    ///   - shared: the glossaries published to the database; nil for the folder alone.
    /// - Throws: `GlossaryError` when a file is missing or invalid.
    public convenience init(loading library: GlossaryLibrary, industry: String?, shared: SharedGlossaries? = nil) throws(GlossaryError) {
        self.init(library: library, industry: industry, current: try GlossarySet.load(industry: industry, from: library), shared: shared)
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

    /// How many times an edit is made again when another replica published first.
    static let attempts = 3

    /// Changes an industry's glossary: reads it (the published one, else the folder's, else an
    /// empty one), applies `change`, validates the result, publishes it (with ``shared``), saves it
    /// with its change-log entry, and enforces it when the service translates with it. Edits run
    /// one at a time; one that loses a race with another replica's is made again on the newer
    /// glossary.
    /// - Parameters:
    ///   - industry: the glossary's industry.
    ///   - author: who edits, for the change log.
    ///   - action: what they do, for the change log.
    ///   - date: when.
    ///   - change: makes the new glossary from the current one; throws to abandon the edit.
    /// - Throws: `GlossaryError` when the result is invalid (nothing is saved), `ThreadStoreError`
    ///   when the database fails or another replica kept winning, or what `change` throws.
    func edit(
        _ industry: String, by author: String, action: String, at date: Date = Date(), _ change: (Glossary) throws -> Glossary
    ) async throws -> Edit {
        try await turns.run {
            var attempt = 0
            while true {
                attempt += 1
                let published = try await shared?.current(industry)
                if let published { take(published) }
                let before = try published?.glossary ?? library.loadOrEmpty(industry)
                let after = try change(before)
                let exists = FileManager.default.fileExists(atPath: library.file(for: industry).path)
                if after.version == before.version && exists { return Edit(before: before, after: after, entry: nil) }
                let issues = GlossaryValidator().issues(in: after, file: library.file(for: industry).lastPathComponent)
                if !issues.isEmpty { throw GlossaryError(issues) }
                if let shared {
                    do {
                        let revision = try await shared.publish(after, by: author, action: action, at: date, after: published?.revision ?? 0)
                        seen.withLock { $0[industry] = revision }
                        // Published: enforced here at once, as on every other replica, whatever
                        // becomes of this replica's copy of the file.
                        enforce(after)
                    } catch {
                        if let stored = error as? ThreadStoreError, stored.code == .conflict, attempt < Self.attempts { continue }
                        throw error
                    }
                }
                let entry = try library.save(after, by: author, action: action, at: date)
                if entry != nil { enforce(after) }
                return Edit(before: before, after: after, entry: entry)
            }
        }
    }

    /// Takes in the glossaries other replicas published since the last call: each one's file is
    /// rewritten (with its change-log entry) and it is enforced when the service translates with
    /// it. One small read when nothing changed.
    /// - Returns: the industries taken in.
    /// - Throws: `ThreadStoreError` when the database fails (the next call tries again);
    ///   `GlossaryError` when a published glossary cannot be read (the others are taken in).
    @discardableResult
    public func refresh() async throws -> [String] {
        guard let shared else { return [] }
        let revisions = try await shared.revisions()
        let changed = seen.withLock { seen in revisions.filter { seen[$0.key] != $0.value }.keys.sorted() }
        guard !changed.isEmpty else { return [] }
        return try await turns.run {
            var taken: [String] = []
            var unreadable: GlossaryError?
            for industry in changed {
                do {
                    guard let published = try await shared.current(industry) else { continue }
                    take(published)
                    taken.append(industry)
                } catch let error as GlossaryError {
                    // Not asked again until it is published anew.
                    seen.withLock { $0[industry] = revisions[industry] }
                    unreadable = error
                }
            }
            if let unreadable { throw unreadable }
            return taken
        }
    }

    /// Makes a published glossary this replica's: the enforced set first (translations use it from
    /// the next one on), then its file, when it differs.
    private func take(_ published: SharedGlossaries.Published) {
        let glossary = published.glossary
        enforce(glossary)
        seen.withLock { $0[glossary.industry] = published.revision }
        // The folder follows, so the pages and the next edit read it (saving writes nothing when the
        // file holds it already); the enforced set does not depend on it (a read-only folder still
        // translates with the published glossary).
        _ = try? library.save(glossary, by: published.author, action: published.action, at: published.at)
    }

    /// Replaces a glossary in the enforced set, when the set has one of its industry.
    private func enforce(_ glossary: Glossary) {
        enforced.withLock { set in
            guard let current = set, current.versions[glossary.industry] != nil else { return }
            set = GlossarySet(current.glossaries.map { $0.industry == glossary.industry ? glossary : $0 })
        }
    }
}

/// Lets async work run one at a time, in the order it asked.
private actor Turns {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` once every earlier caller's body has finished.
    nonisolated func run<T>(_ body: () async throws -> T) async throws -> T {
        await begin()
        do {
            let value = try await body()
            await end()
            return value
        } catch {
            await end()
            throw error
        }
    }

    private func begin() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func end() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
