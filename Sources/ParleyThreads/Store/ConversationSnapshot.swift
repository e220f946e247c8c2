public import Foundation

/// A conversation as a reply is composed in it, read at once: the conversation, its business number
/// and contact, its latest messages, and an industry's translation-memory revision. One store read
/// answers what a preview or a send needs before it translates (``ThreadStore/conversationSnapshot(id:messageLimit:memoryIndustry:)``).
public struct ConversationSnapshot: Sendable {
    /// The conversation.
    public var conversation: Conversation
    /// The business number it is on.
    public var number: BusinessNumber
    /// The contact.
    public var contact: Contact
    /// Its newest messages, oldest first (as many as asked; none when none were asked).
    public var latestMessages: [Message]
    /// The translation memory's revision of the industry asked for; nil when none was asked.
    public var memoryRevision: Int64?

    /// - Parameters:
    ///   - conversation: the conversation.
    ///   - number: its business number.
    ///   - contact: its contact.
    ///   - latestMessages: its newest messages, oldest first.
    ///   - memoryRevision: an industry's translation-memory revision, if asked.
    public init(conversation: Conversation, number: BusinessNumber, contact: Contact, latestMessages: [Message], memoryRevision: Int64?) {
        self.conversation = conversation
        self.number = number
        self.contact = contact
        self.latestMessages = latestMessages
        self.memoryRevision = memoryRevision
    }
}

/// An active key with its person, read at once (``ThreadStore/activeAccessKeyWithPerson(digest:)``).
public struct AccessKeySignIn: Sendable, Hashable {
    /// The key (not revoked).
    public var key: StoredAccessKey
    /// The key's person as stored now; nil for the messaging core's key or a person who is gone.
    public var person: Rep?

    /// - Parameters:
    ///   - key: the key.
    ///   - person: its person, if any.
    public init(key: StoredAccessKey, person: Rep?) {
        self.key = key
        self.person = person
    }
}

extension ThreadStore {
    /// The snapshot from the store's single reads, one after the other: for stores that do not
    /// read it at once (test doubles); both shipped stores read it in one call.
    public func conversationSnapshot(id: UUID, messageLimit: Int, memoryIndustry: String?) async throws(ThreadStoreError)
        -> ConversationSnapshot
    {
        let conversation = try await self.conversation(id: id)
        let number = try await businessNumber(id: conversation.numberID)
        let contact = try await self.contact(id: conversation.contactID)
        let messages = messageLimit > 0 ? try await latestMessages(conversationID: id, beforeSequence: nil, limit: messageLimit) : []
        var revision: Int64?
        if let memoryIndustry { revision = try await memoryRevision(industry: memoryIndustry) }
        return ConversationSnapshot(conversation: conversation, number: number, contact: contact, latestMessages: messages, memoryRevision: revision)
    }

    /// The key and its person from the store's single reads, one after the other: for stores that
    /// do not read them at once (test doubles); both shipped stores read them in one call.
    public func activeAccessKeyWithPerson(digest: String) async throws(ThreadStoreError) -> AccessKeySignIn? {
        guard let key = try await activeAccessKey(digest: digest) else { return nil }
        guard let personID = key.personID else { return AccessKeySignIn(key: key, person: nil) }
        do {
            return AccessKeySignIn(key: key, person: try await rep(id: personID))
        } catch {
            if error.code == .notFound { return AccessKeySignIn(key: key, person: nil) }
            throw error
        }
    }
}
