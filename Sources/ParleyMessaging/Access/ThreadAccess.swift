public import Foundation
public import ParleyThreads

/// Who may see and change what, for every workflow: a rep sees and writes only the conversations
/// of their own business numbers, and the contacts they talk to there; admins and the messaging
/// core see all.
public struct ThreadAccess: Sendable {
    /// The conversation store.
    public let store: any ThreadStore
    /// Who asks.
    public let identity: Identity

    /// - Parameters:
    ///   - store: the conversation store.
    ///   - identity: who asks.
    public init(store: any ThreadStore, identity: Identity) {
        self.store = store
        self.identity = identity
    }

    /// The rep whose conversations a listing shows: the caller, or for admins and the core the
    /// `rep` asked for.
    public func rep(asked: UUID?) throws(MessagingError) -> UUID {
        switch identity {
        case .rep(let id):
            if let asked, asked != id { throw Self.notYours }
            return id
        case .admin(let id): return asked ?? id
        case .core:
            guard let asked else { throw .invalidInput("Which rep?", "Give the rep's id as ?rep=ID.") }
            return asked
        }
    }

    /// The rep a listing is narrowed to by `?rep=`, the one rule of every listing that takes it
    /// (numbers, conversations, leads): a rep always gets their own, and asking for another rep's is
    /// refused (403); admins and the core may ask for anyone on the team, and an id that names no
    /// one is refused (404 "No such rep") rather than read as someone with nothing, so a mistyped
    /// or stale id is never shown as an empty list. Nil when admins or the core asked for no one.
    /// - Parameters:
    ///   - asked: the rep asked for, if any.
    public func listedRep(_ asked: UUID?) async throws(MessagingError) -> UUID? {
        if case .rep = identity { return try rep(asked: asked) }
        guard let asked else { return nil }
        do {
            _ = try await store.rep(id: asked)
        } catch {
            if error.code == .notFound { throw Self.noSuchRep(asked) }
            throw MessagingError(error)
        }
        return asked
    }

    /// A business number the caller may write from.
    public func number(_ id: UUID) async throws(MessagingError) -> BusinessNumber {
        let number = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.businessNumber(id: id) }
        if case .rep(let rep) = identity, number.repID != rep { throw Self.notYours }
        return number
    }

    /// A conversation the caller may see, with its number and contact, in one store read.
    public func conversation(_ id: UUID) async throws(MessagingError) -> ConversationThread {
        ConversationThread(try await snapshot(id, messageLimit: 0, memoryIndustry: nil))
    }

    /// A conversation the caller may see, with its number, contact, newest messages and an
    /// industry's translation-memory revision, in one store read: what a preview needs before it
    /// translates.
    /// - Parameters:
    ///   - id: the conversation.
    ///   - messageLimit: how many of its newest messages to read (0 for none).
    ///   - memoryIndustry: the industry whose memory revision to read; nil for none.
    public func snapshot(_ id: UUID, messageLimit: Int, memoryIndustry: String?) async throws(MessagingError) -> ConversationSnapshot {
        let snapshot: ConversationSnapshot
        do {
            snapshot = try await store.conversationSnapshot(id: id, messageLimit: messageLimit, memoryIndustry: memoryIndustry)
        } catch {
            // The same answer as for another rep's conversation: a rep learns nothing either way.
            if error.code == .notFound { throw Self.notVisible }
            throw MessagingError(error)
        }
        if case .rep(let rep) = identity, snapshot.number.repID != rep { throw Self.notVisible }
        return snapshot
    }

    /// A contact the caller may change: any for admins and the core; for a rep, one they have a
    /// conversation with on one of their numbers.
    public func contact(_ id: UUID) async throws(MessagingError) -> Contact {
        let contact: Contact
        do {
            contact = try await store.contact(id: id)
        } catch {
            if error.code == .notFound { throw Self.contactNotVisible }
            throw MessagingError(error)
        }
        guard case .rep(let rep) = identity else { return contact }
        let numbers = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.businessNumbers(repID: rep) }
        for number in numbers {
            let exists = try await MessagingError.store { () async throws(ThreadStoreError) in
                try await store.conversation(numberID: number.id, contactID: id) != nil
            }
            if exists { return contact }
        }
        throw Self.contactNotVisible
    }

    static func noSuchRep(_ id: UUID) -> MessagingError {
        .notFound("No such rep", "There is no rep or admin with the id \(id); take the id from /v1/people.")
    }
    static let notYours = MessagingError.forbidden("Not yours", "Reps see and write only their own numbers' conversations.")
    // A rep asking for another rep's conversation learns nothing about it.
    static let notVisible = MessagingError.notFound("No such conversation", "There is no conversation with this id among yours.")
    static let contactNotVisible = MessagingError.notFound(
        "No such contact", "There is no contact with this id among the people you text; start a conversation with them first.")
}

/// A conversation with its business number and contact.
public struct ConversationThread: Sendable {
    /// The conversation.
    public var conversation: Conversation
    /// The business number it is on.
    public var number: BusinessNumber
    /// The contact.
    public var contact: Contact
}

extension ConversationThread {
    /// The conversation, number and contact of a snapshot.
    init(_ snapshot: ConversationSnapshot) {
        self.init(conversation: snapshot.conversation, number: snapshot.number, contact: snapshot.contact)
    }
}
