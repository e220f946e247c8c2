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
    /// For a bot's turn written in the contact's language: the English it said, when the bot
    /// knows it; otherwise Parley translates the turn for the rep.
    public var english: String?

    /// - Parameters:
    ///   - speaker: who spoke.
    ///   - text: what they wrote.
    ///   - at: when.
    ///   - english: for a bot's turn, the English it said.
    public init(speaker: Speaker, text: String, at: Date, english: String? = nil) {
        self.speaker = speaker
        self.text = text
        self.at = at
        self.english = english
    }
}
