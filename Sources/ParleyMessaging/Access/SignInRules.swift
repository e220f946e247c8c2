public import Foundation
public import ParleyThreads

/// Who a person, a key or a web session signs in, from their stored records: the one rule for a
/// request's sign-in, a web page's session and an open event stream's periodic check (one stream
/// or all of a process's streams at once).
public enum SignInRules {
    /// Who a person signs in as: an admin or a rep, by their role; nil once deactivated.
    /// - Parameters:
    ///   - person: the rep or admin.
    public static func identity(of person: Rep) -> Identity? {
        guard person.isActive else { return nil }
        return person.role == .admin ? .admin(person.id) : .rep(person.id)
    }

    /// Who a key signs in: the messaging core for a key of no person, else its person as
    /// ``identity(of:)`` says; nil once revoked, or when its person is gone or deactivated.
    /// - Parameters:
    ///   - key: the key's record.
    ///   - person: the key's person as stored now; nil when there is none.
    public static func identity(ofKey key: StoredAccessKey, person: Rep?) -> Identity? {
        guard key.isActive else { return nil }
        guard let personID = key.personID else { return .core }
        guard let person, person.id == personID else { return nil }
        return identity(of: person)
    }

    /// Whether a web session last used at `lastSeen` is still alive at `time`.
    /// - Parameters:
    ///   - lastSeen: the session's last request.
    ///   - time: now.
    ///   - idleTimeout: how long a session lasts without a request.
    public static func sessionIsAlive(lastSeen: Date, at time: Date, idleTimeout: TimeInterval) -> Bool {
        time.timeIntervalSince(lastSeen) < idleTimeout
    }

    /// Who a stored web session signs in at `time`: its person as ``identity(of:)`` says; nil once
    /// idle for `idleTimeout`, or when its person is gone or deactivated.
    /// - Parameters:
    ///   - session: the session's record.
    ///   - person: the session's person as stored now; nil when there is none.
    ///   - time: now.
    ///   - idleTimeout: how long a session lasts without a request.
    public static func identity(
        ofSession session: WebSessionRecord, person: Rep?, at time: Date, idleTimeout: TimeInterval
    ) -> Identity? {
        guard sessionIsAlive(lastSeen: session.lastSeen, at: time, idleTimeout: idleTimeout) else { return nil }
        guard let person, person.id == session.personID else { return nil }
        return identity(of: person)
    }
}
