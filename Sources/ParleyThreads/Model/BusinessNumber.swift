public import Foundation

/// A phone number of the business, assigned to one rep: contacts text it, and the rep answers from it.
public struct BusinessNumber: Sendable, Hashable, Codable, Identifiable {
    /// The number's identifier.
    public var id: UUID
    /// The number itself, unique among business numbers.
    public var phone: PhoneNumber
    /// The rep it is assigned to.
    public var repID: UUID
    /// When it was first assigned.
    public var createdAt: Date
}
