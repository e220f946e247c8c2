public import Foundation

/// A signed-in web panel session as the store keeps it, so every replica of the service knows it.
///
/// The store never sees the session's cookie value, only its SHA-256 ``digest``: a copy of the
/// database does not sign anybody in.
public struct WebSessionRecord: Sendable, Hashable {
    /// The SHA-256 of the cookie's value, as lowercase hex.
    public var digest: String
    /// The rep or admin who signed in.
    public var personID: UUID
    /// The token every unsafe request of the session must carry.
    public var csrfToken: String
    /// When the person signed in.
    public var createdAt: Date
    /// The last request's time, to the minute or so (see ``ThreadStore/touchWebSession(digest:at:)``).
    public var lastSeen: Date

    /// - Parameters:
    ///   - digest: the SHA-256 of the cookie's value, as lowercase hex.
    ///   - personID: the rep or admin who signed in.
    ///   - csrfToken: the session's CSRF token.
    ///   - createdAt: when the person signed in.
    ///   - lastSeen: the last request's time.
    public init(digest: String, personID: UUID, csrfToken: String, createdAt: Date, lastSeen: Date) {
        self.digest = digest
        self.personID = personID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeen = lastSeen
    }
}
