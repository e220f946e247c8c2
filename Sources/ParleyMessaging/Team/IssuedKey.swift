public import ParleyThreads

/// A key just issued: the key itself, shown to the admin once and never stored, and its record.
public struct IssuedKey: Sendable {
    /// The key (`pk_…`); only its SHA-256 is stored, so it cannot be shown again.
    public var key: String
    /// What the store keeps of it.
    public var record: StoredAccessKey
}
