public import Foundation

/// Who is calling the API.
public enum Identity: Sendable, Hashable {
    /// The messaging core (webhooks, leads, sending on a rep's behalf).
    case core
    /// A rep: sees and writes only their own numbers' conversations.
    case rep(UUID)
    /// An admin: sees every conversation and edits glossaries.
    case admin(UUID)

    /// Whether the caller may act for every rep.
    public var seesEverything: Bool {
        switch self {
        case .core, .admin: true
        case .rep: false
        }
    }
}

extension Identity {
    /// The rep or admin's id; nil for the messaging core.
    public var personID: UUID? {
        switch self {
        case .core: nil
        case .rep(let id), .admin(let id): id
        }
    }
}
