public import Foundation

/// An API key as the store keeps it: its SHA-256, never the key, so a copy of the database signs
/// nobody in.
///
/// A key belongs to a rep or admin (``personID``) or, without one, to the messaging core. It works
/// until it is revoked; revoking it, or rotating it to a new key, ends its person's web sessions.
public struct StoredAccessKey: Sendable, Hashable, Codable, Identifiable {
    /// The key's identifier (not the key).
    public var id: UUID
    /// The SHA-256 of the key, as lowercase hex; unique.
    public var digest: String
    /// The rep or admin it signs in; nil for a messaging core key.
    public var personID: UUID?
    /// What it is for, e.g. "Laptop" or "Messaging core (production)".
    public var label: String
    /// The key's last 4 characters, to tell keys apart.
    public var hint: String
    /// When it was issued.
    public var createdAt: Date
    /// Who issued it: an admin's email, or `operator` for the command line.
    public var createdBy: String
    /// When it was revoked (or rotated); nil while it works.
    public var revokedAt: Date?
    /// Its last use, to the minute or so (see ``ThreadStore/touchAccessKey(id:at:)``).
    public var lastUsedAt: Date?

    /// Whether it still signs in.
    public var isActive: Bool { revokedAt == nil }

    /// - Parameters:
    ///   - id: the key's identifier.
    ///   - digest: the SHA-256 of the key, as lowercase hex.
    ///   - personID: the rep or admin; nil for the messaging core.
    ///   - label: what it is for.
    ///   - hint: its last 4 characters.
    ///   - createdAt: when it was issued.
    ///   - createdBy: who issued it.
    ///   - revokedAt: when it was revoked; nil while it works.
    ///   - lastUsedAt: its last use.
    public init(
        id: UUID = UUID(), digest: String, personID: UUID?, label: String, hint: String, createdAt: Date, createdBy: String,
        revokedAt: Date? = nil, lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.digest = digest
        self.personID = personID
        self.label = label
        self.hint = hint
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}
