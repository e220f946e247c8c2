public import Foundation

/// A lead handed over by an intake bot: the contact, the conversation it belongs to, and what was said.
///
/// The transcript is kept with the lead as it came; to show the turns in the thread, the caller
/// also appends them as messages with ``InboundMessageDraft/leadID`` or ``OutboundMessageDraft/leadID`` set.
public struct Lead: Sendable, Hashable, Codable, Identifiable {
    /// The lead's identifier.
    public var id: UUID
    /// The contact.
    public var contactID: UUID
    /// The conversation the lead belongs to.
    public var conversationID: UUID
    /// Where the lead came from, e.g. `otto`.
    public var source: String
    /// What was said, in order.
    public var transcript: [LeadTurn]
    /// When the lead was stored.
    public var createdAt: Date
    /// The rep who picked the lead up; nil while it waits for one.
    public var pickedUpBy: UUID?
    /// When the lead was picked up.
    public var pickedUpAt: Date?
}

/// One turn of a lead's transcript.
public struct LeadTurn: Sendable, Hashable, Codable {
    /// Who spoke.
    public enum Speaker: String, Sendable, Hashable, Codable {
        /// The contact.
        case contact
        /// The intake bot.
        case bot
    }

    /// Who spoke.
    public var speaker: Speaker
    /// What they wrote, exactly.
    public var text: String
    /// When.
    public var at: Date

    /// - Parameters:
    ///   - speaker: who spoke.
    ///   - text: what they wrote.
    ///   - at: when.
    public init(speaker: Speaker, text: String, at: Date) {
        self.speaker = speaker
        self.text = text
        self.at = at
    }
}
