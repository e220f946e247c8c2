public import Foundation
internal import Crypto
internal import Synchronization

/// The web panel's signed-in sessions, kept in memory: each session id (32 random bytes,
/// base64url) maps to the person it signed in and that session's CSRF token. A session ends at
/// sign-out or after ``idleTimeout`` without a request; all end when the service restarts.
public final class WebSessions: Sendable {
    /// One signed-in browser.
    struct Session: Sendable, Hashable {
        /// The cookie's value.
        var id: String
        /// Who signed in: a rep or an admin.
        var identity: Identity
        /// Their email, as signed in with.
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
    private let now: @Sendable () -> Date
    private let sessions = Mutex<[String: Session]>([:])

    /// - Parameters:
    ///   - idleTimeout: how long a session lasts without a request; 12 hours by default.
    ///   - now: the clock, injected by tests.
    public init(idleTimeout: TimeInterval = 12 * 3600, now: @escaping @Sendable () -> Date = { Date() }) {
        self.idleTimeout = idleTimeout
        self.now = now
    }

    /// Starts a session for a person who proved their key.
    func start(identity: Identity, email: String, name: String) -> Session {
        let time = now()
        let session = Session(
            id: Self.randomToken(), identity: identity, email: email, name: name, csrfToken: Self.randomToken(), lastSeen: time)
        sessions.withLock { sessions in
            // Sweep expired sessions now and then: sign-ins are rare, so this bounds the dictionary.
            sessions = sessions.filter { time.timeIntervalSince($0.value.lastSeen) < idleTimeout }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session with this id, its idle timer restarted; nil when unknown or expired.
    func session(id: String) -> Session? {
        let time = now()
        return sessions.withLock { sessions -> Session? in
            guard var session = sessions[id] else { return nil }
            guard time.timeIntervalSince(session.lastSeen) < idleTimeout else {
                sessions[id] = nil
                return nil
            }
            session.lastSeen = time
            sessions[id] = session
            return session
        }
    }

    /// Ends a session.
    func end(id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// How many sessions are held (live, or expired and not yet swept).
    public var count: Int { sessions.withLock { $0.count } }

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
