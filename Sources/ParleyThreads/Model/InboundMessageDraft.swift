public import Foundation

/// An inbound message to append: what a provider's webhook delivered, or a contact's turn of a lead.
public struct InboundMessageDraft: Sendable, Hashable {
    /// The conversation.
    public var conversationID: UUID
    /// The text exactly as received.
    public var text: String
    /// The provider's identifier; a second append with the same one returns the first message.
    public var providerMessageID: String?
    /// The translation, when already made; pending otherwise.
    public var translation: MessageTranslation
    /// The lead whose transcript this turn comes from.
    public var leadID: UUID?
    /// When it was received; nil for now.
    public var receivedAt: Date?
    /// The change of consent the message says, e.g. ALTO; the store records it on the contact when
    /// it stores the message (not for a repeat of the webhook).
    public var consent: ConsentChange?

    /// - Parameters:
    ///   - conversationID: the conversation.
    ///   - text: the text exactly as received.
    ///   - providerMessageID: the provider's identifier, for idempotence.
    ///   - translation: the translation; pending by default.
    ///   - leadID: the lead the turn was imported from.
    ///   - receivedAt: when it was received; nil for now.
    ///   - consent: the change of consent the message says; nil for none.
    public init(
        conversationID: UUID,
        text: String,
        providerMessageID: String? = nil,
        translation: MessageTranslation = .pending,
        leadID: UUID? = nil,
        receivedAt: Date? = nil,
        consent: ConsentChange? = nil
    ) {
        self.conversationID = conversationID
        self.text = text
        self.providerMessageID = providerMessageID
        self.translation = translation
        self.leadID = leadID
        self.receivedAt = receivedAt
        self.consent = consent
    }
}
