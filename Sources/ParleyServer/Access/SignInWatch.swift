internal import ParleyMessaging
internal import Foundation
internal import Logging
internal import ParleyThreads
internal import Synchronization

/// Ends the open event streams whose sign-in stopped working, checking all of a process's streams
/// at once.
///
/// Each open stream registers the credential it signed in with and the identity it opened with.
/// Every `interval`, one check reads every registered web session, every key and every person
/// behind them in at most three store reads, however many streams are open, and ends exactly the
/// streams whose credential no longer signs in the same identity: signed out, idle past the
/// session timeout, revoked, deactivated, or given another role (a demoted admin's stream would go
/// on showing every rep's conversations). The rules are ``SignInRules``, as for a request. A check
/// is not a use: it restarts no session's idle timer and records no key's use. A store that
/// cannot answer keeps every stream open (it is not the callers' fault), and the next check tries
/// again.
///
/// The watch runs only while streams are registered: it starts with the first and stops with the
/// last.
final class SignInWatch: Sendable {
    /// What signed a stream in.
    enum Credential: Sendable, Hashable {
        /// A web panel session, by its cookie's value.
        case webSession(String)
        /// A key issued in the app, by its identifier: it stops when revoked.
        case storeKey(UUID)
        /// A `PARLEY_API_KEYS` key of a rep or admin, by the person: it works while they are active.
        case person(UUID)

        /// What signed a request in; nil when nothing can stop working (no sign-in, or the
        /// messaging core's `PARLEY_API_KEYS` key).
        /// - Parameters:
        ///   - context: the request's context, after authentication.
        init?(_ context: ParleyRequestContext) {
            if let session = context.webSession {
                self = .webSession(session.id)
                return
            }
            switch context.credential {
            case .storeKey(let id): self = .storeKey(id)
            case .environmentKey(let personID): self = .person(personID)
            case .environmentCoreKey, nil: return nil
            }
        }
    }

    /// One open stream's place in the watch.
    final class Registration: Sendable {
        fileprivate let id: Int
        fileprivate let watch: SignInWatch
        private let ended = Atomic<Bool>(false)

        fileprivate init(id: Int, watch: SignInWatch) {
            self.id = id
            self.watch = watch
        }

        /// Whether a check found that the stream's credential no longer signs in its identity.
        var isEnded: Bool { ended.load(ordering: .acquiring) }

        fileprivate func end() { ended.store(true, ordering: .releasing) }

        /// Leaves the watch (the stream closed); the watch stops with the last stream.
        func cancel() { watch.remove(id) }
    }

    private struct Entry: Sendable {
        var credential: Credential
        var identity: Identity
        var registration: Registration
        var onEnd: @Sendable () -> Void
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        /// The running watch; nil while no stream is registered.
        var task: Task<Void, Never>?
    }

    /// Where stored keys and people are read.
    let store: any ThreadStore
    /// The web panel's sessions.
    let sessions: WebSessions
    /// How often every registered stream is checked.
    let interval: Duration
    let logger: Logger
    private let state = Mutex(State())

    /// Creates a watch; it runs from the first registration.
    /// - Parameters:
    ///   - store: where keys and people are read.
    ///   - sessions: the web panel's sessions.
    ///   - interval: how often every registered stream is checked.
    ///   - logger: where failed checks go.
    init(store: any ThreadStore, sessions: WebSessions, interval: Duration, logger: Logger = Logger(label: "parley.events")) {
        self.store = store
        self.sessions = sessions
        self.interval = interval
        self.logger = logger
    }

    /// How many streams are registered.
    var count: Int { state.withLock { $0.entries.count } }

    /// Whether the watch's task runs (it does while a stream is registered).
    var isRunning: Bool { state.withLock { $0.task != nil } }

    /// Registers an open stream, starting the watch if it is the first.
    /// - Parameters:
    ///   - credential: what signed the stream in.
    ///   - identity: who it signed in when the stream opened.
    ///   - onEnd: called once, from a check, when the credential no longer signs in `identity`
    ///     (the stream then ends); never after the registration is cancelled.
    /// - Returns: the registration; cancel it when the stream closes.
    func register(_ credential: Credential, identity: Identity, onEnd: @escaping @Sendable () -> Void) -> Registration {
        state.withLock { state in
            let registration = Registration(id: state.nextID, watch: self)
            state.nextID += 1
            state.entries[registration.id] = Entry(credential: credential, identity: identity, registration: registration, onEnd: onEnd)
            if state.task == nil {
                let interval = self.interval
                state.task = Task { [weak self] in
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: interval) } catch { return }
                        guard let self else { return }
                        await self.check()
                    }
                }
            }
            return registration
        }
    }

    fileprivate func remove(_ id: Int) {
        state.withLock { state in
            guard state.entries.removeValue(forKey: id) != nil, state.entries.isEmpty else { return }
            Self.stop(&state)
        }
    }

    private static func stop(_ state: inout State) {
        state.task?.cancel()
        state.task = nil
    }

    /// Checks every registered stream once, in at most three store reads (web sessions, keys,
    /// people) whatever the number of streams, and ends those whose credential no longer signs in
    /// the identity they opened with. The watch's task calls it every `interval`.
    /// - Returns: how many streams it ended; none when the store could not answer.
    @discardableResult
    func check() async -> Int {
        let entries = state.withLock { $0.entries }
        guard !entries.isEmpty else { return 0 }
        var (sessionIDs, keyIDs, personIDs) = (Set<String>(), Set<UUID>(), Set<UUID>())
        for entry in entries.values {
            switch entry.credential {
            case .webSession(let id): sessionIDs.insert(id)
            case .storeKey(let id): keyIDs.insert(id)
            case .person(let id): personIDs.insert(id)
            }
        }
        var current: [Credential: Identity] = [:]
        do {
            let found = try await sessions.lookUp(ids: sessionIDs)
            let keys = keyIDs.isEmpty ? [] : try await store.accessKeys(ids: keyIDs)
            personIDs.formUnion(found.personIDs)
            personIDs.formUnion(keys.compactMap(\.personID))
            let stored = personIDs.isEmpty ? [] : try await store.reps(ids: personIDs)
            let people = Dictionary(stored.map { ($0.id, $0) }) { first, _ in first }
            for id in sessionIDs { current[.webSession(id)] = found.identity(ofSession: id, people: people) }
            for key in keys { current[.storeKey(key.id)] = SignInRules.identity(ofKey: key, person: key.personID.flatMap { people[$0] }) }
            for id in personIDs { current[.person(id)] = people[id].flatMap(SignInRules.identity(of:)) }
        } catch {
            // A watch stopped during its check (its last stream closed) has nothing to report.
            guard !Task.isCancelled else { return 0 }
            logger.info(
                "Could not check that open event streams are still signed in; they stay open until the next check",
                metadata: ["events.error": "\(error)", "events.streams": "\(entries.count)"])
            return 0
        }
        let stale = Set(entries.filter { current[$0.value.credential] != $0.value.identity }.keys)
        guard !stale.isEmpty else { return 0 }
        // Only streams still registered end: one that closed during the check is gone already.
        let ended = state.withLock { state -> [Entry] in
            let ended = stale.compactMap { state.entries.removeValue(forKey: $0) }
            if state.entries.isEmpty { Self.stop(&state) }
            return ended
        }
        for entry in ended {
            entry.registration.end()
            entry.onEnd()
        }
        return ended.count
    }
}
