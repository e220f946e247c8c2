/// One row of a rep's conversation list: the conversation, who it is with, on which number, and
/// its newest message.
public struct ConversationSummary: Sendable, Hashable, Codable {
    /// The conversation, with its unread count.
    public var conversation: Conversation
    /// The contact.
    public var contact: Contact
    /// The business number.
    public var number: BusinessNumber
    /// The newest message; nil before the first.
    public var lastMessage: Message?
}
