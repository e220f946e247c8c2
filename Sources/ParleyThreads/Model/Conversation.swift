public import Foundation

/// The thread between one business number and one contact.
public struct Conversation: Sendable, Hashable, Codable, Identifiable {
    /// Whether a rep still has to deal with the conversation.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for the rep, or under way (every conversation starts open).
        case open
        /// The rep marked it done; a new inbound message opens it again.
        case done
    }

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
    /// The time lists sort by, which only moves forward: the creation time, then the newest message's,
    /// a lead's arrival (not its transcript's older times) and its pick-up.
    public var activityAt: Date
    /// Open, or marked done by the rep.
    public var state: State = .open
}
