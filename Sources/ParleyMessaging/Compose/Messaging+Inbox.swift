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
}
