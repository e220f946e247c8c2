public import Foundation

/// A person who texts contacts from the business numbers assigned to them.
public struct Rep: Sendable, Hashable, Codable, Identifiable {
    /// What a rep may do.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        /// Texts from their own numbers.
        case rep
        /// Also manages reps, numbers, shared templates and glossaries.
        case admin
    }

    /// The rep's identifier.
    public var id: UUID
    /// The rep's display name.
    public var name: String
    /// The rep's email address, unique among reps regardless of case.
    public var email: String
    /// What the rep may do.
    public var role: Role
    /// When the rep was created.
    public var createdAt: Date
    /// When an admin deactivated them; nil while they are active. A deactivated person's keys are
    /// revoked and their web sessions ended; they keep their history.
    public var deactivatedAt: Date? = nil

    /// Whether they may sign in and use the API.
    public var isActive: Bool { deactivatedAt == nil }
}
