public import Foundation

/// One change to the threads, for real-time streams: every message added or updated and every
/// conversation change writes one, in the same transaction as the change.
///
/// Identifiers grow with every event across the whole store and are never reused, so a stream that
/// dropped can resume after the last one it saw (`Last-Event-ID`).
public struct ThreadEvent: Sendable, Hashable, Codable, Identifiable {
    /// What changed.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A message was appended; ``ThreadEvent/messageID`` names it.
        case messageAdded
        /// A message's translation or delivery status changed; ``ThreadEvent/messageID`` names it.
        case messageUpdated
        /// The conversation was created, or its last message time or unread count changed.
        case conversationUpdated
        /// The conversation's contact's consent changed; ``ThreadEvent/messageID`` names the message
        /// that changed it, when one did.
        case consentChanged
        /// An intake bot handed a lead over in the conversation; it waits for a rep.
        case leadAdded
        /// A rep picked up a lead of the conversation.
        case leadPickedUp
        /// The conversation was marked done or opened again.
        case stateChanged
    }

    /// The event's position in the store's history.
    public var id: Int64
    /// The conversation that changed.
    public var conversationID: UUID
    /// What changed.
    public var kind: Kind
    /// The message, for message events.
    public var messageID: UUID?
    /// When.
    public var at: Date
}
