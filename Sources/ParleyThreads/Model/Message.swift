public import Foundation
public import ParleyLanguage

/// One SMS in a conversation, with its translation and delivery state.
///
/// The original text is kept exactly as received or as the rep wrote it. The rep reads
/// ``shownText``; the contact receives ``sentText``.
public struct Message: Sendable, Hashable, Codable, Identifiable {
    /// Which way the message went.
    public enum Direction: String, Sendable, Hashable, Codable {
        /// From the contact to the business.
        case inbound
        /// From the rep (or the intake bot) to the contact.
        case outbound
    }

    /// Where the message's translation stands.
    public enum TranslationStatus: String, Sendable, Hashable, Codable, CaseIterable {
        /// Translated, and every check passed.
        case translated
        /// Nothing to translate: already in the target language, or nothing but links, numbers or emoji.
        case unchanged
        /// Translated, but a check failed: a person should read it before relying on it.
        case needsReview
        /// Not translated yet.
        case pending
        /// The translation failed; ``Message/translationError`` says why.
        case failed
    }

    /// Where the message's delivery stands. A status never goes back: a late `sent` after
    /// `delivered` is ignored.
    public enum DeliveryStatus: String, Sendable, Hashable, Codable, CaseIterable {
        /// An inbound message, received.
        case received
        /// Waiting to be handed to the provider.
        case queued
        /// Accepted by the provider.
        case sent
        /// Delivered to the handset.
        case delivered
        /// The provider could not send it.
        case failed
        /// The carrier could not deliver it.
        case undelivered

        /// How far along a status is; a status never moves to a lower rank.
        var rank: Int {
            switch self {
            case .received, .queued: 0
            case .sent: 1
            case .delivered, .failed, .undelivered: 2
            }
        }
    }

    /// The message's identifier.
    public var id: UUID
    /// The conversation.
    public var conversationID: UUID
    /// The message's position in its conversation: 1 for the first, then one more for each.
    public var sequence: Int64
    /// Which way the message went.
    public var direction: Direction
    /// The text exactly as received (inbound) or as the rep wrote it (outbound).
    public var original: String
    /// The language the original is in, when known.
    public var detectedLanguage: LanguageTag?
    /// How sure the detection is, 0 to 1.
    public var confidence: Double?
    /// What the rep sees: the English translation of an inbound message (the original until it is
    /// translated), or the original of an outbound one.
    public var shownText: String
    /// The exact text sent to the contact (outbound), once translated.
    public var sentText: String?
    /// Where the translation stands.
    public var translationStatus: TranslationStatus
    /// Why the translation failed or needs review.
    public var translationError: String?
    /// How the translation was made.
    public var provenance: MessageProvenance?
    /// Where delivery stands.
    public var deliveryStatus: DeliveryStatus
    /// The SMS provider's identifier for the message, unique in the store.
    public var providerMessageID: String?
    /// The lead whose transcript the message was imported from.
    public var leadID: UUID?
    /// When the message was received or written.
    public var createdAt: Date
    /// When the message last changed.
    public var updatedAt: Date
    /// The rep or admin who sent an outbound message; nil for inbound messages, the intake bot's
    /// turns, the messaging core's sends and replies stored before Parley kept it.
    public var sentBy: UUID? = nil
}
