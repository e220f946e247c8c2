public import ParleyThreads

/// A person of the team as admins see them: their record, the business numbers they hold and
/// their keys (hints only; a key is shown once, when issued).
public struct TeamMember: Sendable, Hashable {
    /// The rep or admin.
    public var person: Rep
    /// The business numbers assigned to them.
    public var numbers: [BusinessNumber]
    /// Their keys, revoked ones included, newest first.
    public var keys: [StoredAccessKey]
}
