internal import ParleyMessaging
public import Foundation
internal import Crypto
internal import HTTPTypes
public import ParleyThreads
internal import Synchronization

/// The web panel's signed-in sessions. Each session id (32 random bytes, base64url) names the
/// person it signed in and that session's CSRF token. With a store, sessions live in the database
/// (only the id's SHA-256, never the id), so every replica knows them and a restart keeps them;
/// without one they live in this process. A session ends at sign-out or after ``idleTimeout``
/// without a request.
public final class WebSessions: Sendable {
    /// One signed-in browser.
    struct Session: Sendable, Hashable {
        /// The cookie's value.
        var id: String
        /// Who signed in: a rep or an admin.
        var identity: Identity
        /// Their email.
        var email: String
        /// Their name, for the page header.
        var name: String
        /// The token every unsafe request of this session must carry (`csrf` form field or
        /// `X-CSRF-Token` header).
        var csrfToken: String
        /// The last request's time.
        var lastSeen: Date
    }

    /// How long a session lasts without a request.
    public let idleTimeout: TimeInterval
    /// How stale a stored session's last request may get before a request records it again: a
    /// write per minute per session at most, not one per request.
    static let touchInterval: TimeInterval = 60
    private let store: (any ThreadStore)?
    private let now: @Sendable () -> Date
    private let memory = Mutex<[String: Session]>([:])

    /// - Parameters:
    ///   - store: where sessions live; nil to keep them in this process.
    ///   - idleTimeout: how long a session lasts without a request; 12 hours by default.
    ///   - now: the clock, injected by tests.
    public init(
        store: (any ThreadStore)? = nil, idleTimeout: TimeInterval = 12 * 3600, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.idleTimeout = idleTimeout
        self.now = now
    }

    /// Starts a session for a person who proved their key.
    func start(identity: Identity, email: String, name: String) async throws -> Session {
        let time = now()
        let session = Session(
            id: Self.randomToken(), identity: identity, email: email, name: name, csrfToken: Self.randomToken(), lastSeen: time)
        guard let store else {
            memory.withLock { sessions in
                // Sweep expired sessions now and then: sign-ins are rare, so this bounds the dictionary.
                sessions = sessions.filter { time.timeIntervalSince($0.value.lastSeen) < idleTimeout }
                sessions[session.id] = session
            }
            return session
        }
        guard let person = identity.personID else {
            throw Problem(.forbidden, "Not a person", detail: "Only reps and admins sign in to the web panel.")
        }
        try await store.deleteWebSessions(lastSeenBefore: time.addingTimeInterval(-idleTimeout))
        try await store.createWebSession(
            WebSessionRecord(digest: Self.digest(session.id), personID: person, csrfToken: session.csrfToken, createdAt: time, lastSeen: time))
        return session
    }

    /// The live session with this id, its idle timer restarted; nil when unknown, expired, or its
    /// person is gone or deactivated. The person's name and role are read afresh, so a change applies at once.
    /// - Parameters:
    ///   - id: the cookie's value.
    ///   - touch: whether this counts as the person's use (a request does; an open event stream
    ///     checking that its session still holds does not, so an open tab cannot outlive the idle
    ///     timeout).
    func session(id: String, touch: Bool = true) async throws -> Session? {
        let time = now()
        guard let store else {
            return memory.withLock { sessions -> Session? in
                guard var session = sessions[id] else { return nil }
                guard SignInRules.sessionIsAlive(lastSeen: session.lastSeen, at: time, idleTimeout: idleTimeout) else {
                    sessions[id] = nil
                    return nil
                }
                guard touch else { return session }
                session.lastSeen = time
                sessions[id] = session
                return session
            }
        }
        let digest = Self.digest(id)
        guard let record = try await store.webSession(digest: digest) else { return nil }
        guard SignInRules.sessionIsAlive(lastSeen: record.lastSeen, at: time, idleTimeout: idleTimeout) else {
            try await store.deleteWebSession(digest: digest)
            return nil
        }
        let person: Rep
        do {
            person = try await store.rep(id: record.personID)
        } catch {
            if error.code == .notFound { return nil }
            throw error
        }
        // A deactivated person's sessions were deleted with the deactivation; the rule's check of
        // the person guards a copy read just before it.
        guard let identity = SignInRules.identity(ofSession: record, person: person, at: time, idleTimeout: idleTimeout) else {
            return nil
        }
        if touch, time.timeIntervalSince(record.lastSeen) >= Self.touchInterval {
            try await store.touchWebSession(digest: digest, at: time)
        }
        return Session(id: id, identity: identity, email: person.email, name: person.name, csrfToken: record.csrfToken, lastSeen: time)
    }

    /// Many sessions as they are now, for a check of every open event stream at once
    /// (``SignInWatch``): one read of the store for all of them (none without a store); no idle
    /// timer restarts and nothing is deleted. Who each signs in then takes their people, read with
    /// everyone else's.
    struct Lookup: Sendable {
        /// The stored sessions found, by session id.
        fileprivate var records: [String: WebSessionRecord] = [:]
        /// The live sessions of this process, by session id, when there is no store.
        fileprivate var kept: [String: Identity] = [:]
        fileprivate let time: Date
        fileprivate let idleTimeout: TimeInterval

        /// The people whose sessions were found: read them for ``identity(ofSession:people:)``.
        var personIDs: Set<UUID> { Set(records.values.map(\.personID)) }

        /// Who a session looked up signs in now; nil when unknown, expired, or its person is gone,
        /// deactivated or missing from `people`.
        /// - Parameters:
        ///   - id: the cookie's value.
        ///   - people: the people of ``personIDs`` as stored now, by id.
        func identity(ofSession id: String, people: [UUID: Rep]) -> Identity? {
            if let identity = kept[id] { return identity }
            guard let record = records[id] else { return nil }
            return SignInRules.identity(ofSession: record, person: people[record.personID], at: time, idleTimeout: idleTimeout)
        }
    }

    /// Looks many sessions up at once (see ``Lookup``).
    /// - Parameters:
    ///   - ids: the cookies' values.
    func lookUp(ids: Set<String>) async throws -> Lookup {
        let time = now()
        var lookup = Lookup(time: time, idleTimeout: idleTimeout)
        guard !ids.isEmpty else { return lookup }
        guard let store else {
            lookup.kept = memory.withLock { sessions in
                var kept: [String: Identity] = [:]
                for id in ids {
                    guard let session = sessions[id],
                        SignInRules.sessionIsAlive(lastSeen: session.lastSeen, at: time, idleTimeout: idleTimeout)
                    else { continue }
                    kept[id] = session.identity
                }
                return kept
            }
            return lookup
        }
        var idOf: [String: String] = [:]
        for id in ids { idOf[Self.digest(id)] = id }
        for record in try await store.webSessions(digests: Set(idOf.keys)) {
            if let id = idOf[record.digest] { lookup.records[id] = record }
        }
        return lookup
    }

    /// Ends a session.
    func end(id: String) async throws {
        guard let store else {
            _ = memory.withLock { $0.removeValue(forKey: id) }
            return
        }
        try await store.deleteWebSession(digest: Self.digest(id))
    }

    /// The SHA-256 of a session id, as lowercase hex: what the store keeps.
    static func digest(_ id: String) -> String {
        SHA256.hash(data: Array(id.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// 32 random bytes, base64url without padding.
    static func randomToken() -> String {
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func tokensMatch(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count, !x.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
