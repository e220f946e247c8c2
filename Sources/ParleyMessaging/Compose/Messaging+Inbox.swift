public import Foundation
public import ParleyThreads

extension Messaging {
    /// Marks a conversation done, or open again. Only the rep whose number it is on does (an admin
    /// too, on their own numbers): it is their inbox. A new inbound message opens it again by itself.
    /// - Parameters:
    ///   - state: open or done.
    ///   - conversationID: the conversation.
    ///   - identity: who marks it.
    public func setState(
        _ state: Conversation.State, of conversationID: UUID, by identity: Identity
    ) async throws(MessagingError) -> Conversation {
        guard let person = identity.personID else {
            throw .forbidden("Not allowed", "Reps mark their own conversations done; the messaging core does not.")
        }
        let thread = try await access(identity).conversation(conversationID)
        guard thread.number.repID == person else {
            throw .forbidden(
                "Not your conversation",
                "Only the rep whose number this conversation is on marks it open or done; open it from their list to read it.")
        }
        let store = self.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.setConversationState(id: conversationID, state)
        }
    }

    /// A rep's conversations, most recent activity first: the API's list and the web panel's. A
    /// search returns every matching conversation, page after page, found by the store in one query.
    /// - Parameters:
    ///   - rep: whose conversations; a rep always gets their own, admins and the core may ask for
    ///     any rep's (see ``ThreadAccess/listedRep(_:)``); without one, an admin gets their own and
    ///     the core is asked which.
    ///   - state: open or done ones only; nil for all.
    ///   - search: a contact's name (case and accents ignored) or phone digits ("555 0100",
    ///     "(410) 555-0100", "+1410555"); nil or blank for all.
    ///   - limit: at most this many.
    ///   - before: only conversations whose activity is older than this.
    ///   - cursor: only conversations after this one, the last row of the previous page (it takes
    ///     the place of `before`, and never skips conversations that share a time).
    ///   - identity: who asks.
    public func conversations(
        of rep: UUID?, state: Conversation.State?, search: String? = nil, limit: Int, before: Date? = nil,
        after cursor: ConversationCursor? = nil, by identity: Identity
    ) async throws(MessagingError) -> [ConversationSummary] {
        let access = access(identity)
        let repID: UUID
        if let listed = try await access.listedRep(rep) { repID = listed } else { repID = try access.rep(asked: nil) }
        let store = self.store
        let search = search?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        let after = cursor ?? before.map(ConversationCursor.init(before:))
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.conversations(repID: repID, state: state, search: search, limit: limit, after: after)
        }
    }
}
