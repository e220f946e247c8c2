public import ParleyThreads

/// A person just invited (or an admin the operator set up) and their first key, shown once.
public struct Invitation: Sendable {
    /// The rep or admin.
    public var person: Rep
    /// Their first key.
    public var key: IssuedKey
}
