public import Foundation

/// The thread between one business number and one contact.
public struct Conversation: Sendable, Hashable, Codable, Identifiable {
    /// The conversation's identifier.
    public var id: UUID
    /// The business number the contact texts.
    public var numberID: UUID
    /// The contact.
    public var contactID: UUID
    /// When the newest message was written or received; nil before the first message.
    public var lastMessageAt: Date?
    /// Inbound messages since the rep last read the conversation.
    public var unreadCount: Int
    /// When the conversation was created.
    public var createdAt: Date

    /// The time lists sort by: the newest message's, or the creation time before any message.
    public var activityAt: Date { lastMessageAt ?? createdAt }
}
