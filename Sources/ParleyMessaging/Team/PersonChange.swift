public import ParleyThreads

/// What an admin changes about a person; nil fields stay as they are.
public struct PersonChange: Sendable, Hashable {
    /// A new display name.
    public var name: String?
    /// A new role.
    public var role: Rep.Role?
    /// Deactivate (false) or reactivate (true).
    public var active: Bool?

    /// - Parameters:
    ///   - name: a new display name.
    ///   - role: a new role.
    ///   - active: deactivate (false) or reactivate (true).
    public init(name: String? = nil, role: Rep.Role? = nil, active: Bool? = nil) {
        self.name = name
        self.role = role
        self.active = active
    }
}
