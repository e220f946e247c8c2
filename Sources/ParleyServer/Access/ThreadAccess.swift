internal import HTTPTypes
internal import Foundation
internal import ParleyThreads

/// Who may see what: a rep sees only the conversations of their own business numbers; admins and
/// the messaging core see all.
struct ThreadAccess {
    let store: any ThreadStore
    let identity: Identity

    /// The store of a service, or a 503 problem when it runs without one.
    static func store(_ services: ParleyServices) throws -> any ThreadStore {
        guard let store = services.store else {
            throw Problem(.serviceUnavailable, "No conversation store", detail: "This service runs without a database; start it with --database.")
        }
        return store
    }

    /// The rep whose conversations a listing shows: the caller, or for admins and the core the
    /// `rep` asked for.
    func rep(asked: UUID?) throws -> UUID {
        switch identity {
        case .rep(let id):
            if let asked, asked != id { throw Self.forbidden }
            return id
        case .admin(let id): return asked ?? id
        case .core:
            guard let asked else { throw Problem(.badRequest, "Which rep?", detail: "Give the rep's id as ?rep=ID.") }
            return asked
        }
    }

    /// A business number the caller may write from.
    func number(_ id: UUID) async throws -> BusinessNumber {
        let number = try await store.businessNumber(id: id)
        if case .rep(let rep) = identity, number.repID != rep { throw Self.forbidden }
        return number
    }

    /// A conversation the caller may see, with its number and contact.
    func conversation(_ id: UUID) async throws -> (conversation: Conversation, number: BusinessNumber, contact: Contact) {
        let conversation: Conversation
        do {
            conversation = try await store.conversation(id: id)
        } catch {
            // The same answer as for another rep's conversation: a rep learns nothing either way.
            if error.code == .notFound { throw Self.notVisible }
            throw error
        }
        let number = try await store.businessNumber(id: conversation.numberID)
        if case .rep(let rep) = identity, number.repID != rep { throw Self.notVisible }
        return (conversation, number, try await store.contact(id: conversation.contactID))
    }

    static let forbidden = Problem(.forbidden, "Not yours", detail: "Reps see and write only their own numbers' conversations.")
    // A rep asking for another rep's conversation learns nothing about it.
    static let notVisible = Problem(.notFound, "No such conversation", detail: "There is no conversation with this id among yours.")
}
