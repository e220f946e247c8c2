public import Foundation

/// An outbound message to append: what a rep wrote, or the bot's turn of a lead.
public struct OutboundMessageDraft: Sendable, Hashable {
    /// The conversation.
    public var conversationID: UUID
    /// The text exactly as the rep wrote it.
    public var text: String
    /// The translation, when already made; pending otherwise.
    public var translation: MessageTranslation
    /// Where delivery stands; queued by default.
    public var deliveryStatus: Message.DeliveryStatus
    /// The provider's identifier, when already sent.
    public var providerMessageID: String?
    /// The lead whose transcript this turn comes from.
    public var leadID: UUID?
    /// When it was written; nil for now.
    public var writtenAt: Date?
    /// For a queued message, the earliest time a job worker may claim its send job; nil for at
    /// once. The caller that stores a message and hands it over itself (``ThreadStore/claimJob(id:owner:lease:)``
    /// claims it whatever this says) sets a short delay, so a worker takes it only if that caller
    /// never did, e.g. because it crashed.
    public var sendAfter: Date?
    /// The rep or admin who sends it; nil for the intake bot's turns and the messaging core's sends.
    public var sentBy: UUID?

    /// - Parameters:
    ///   - conversationID: the conversation.
    ///   - text: the text exactly as the rep wrote it.
    ///   - translation: the translation; pending by default.
    ///   - deliveryStatus: where delivery stands; queued by default.
    ///   - providerMessageID: the provider's identifier, when already sent.
    ///   - leadID: the lead the turn was imported from.
    ///   - writtenAt: when it was written; nil for now.
    ///   - sendAfter: the earliest time a job worker may claim its send job; nil for at once.
    ///   - sentBy: the rep or admin who sends it.
    public init(
        conversationID: UUID,
        text: String,
        translation: MessageTranslation = .pending,
        deliveryStatus: Message.DeliveryStatus = .queued,
        providerMessageID: String? = nil,
        leadID: UUID? = nil,
        writtenAt: Date? = nil,
        sendAfter: Date? = nil,
        sentBy: UUID? = nil
    ) {
        self.conversationID = conversationID
        self.text = text
        self.translation = translation
        self.deliveryStatus = deliveryStatus
        self.providerMessageID = providerMessageID
        self.leadID = leadID
        self.writtenAt = writtenAt
        self.sendAfter = sendAfter
        self.sentBy = sentBy
    }
}
