internal import Foundation
public import ParleyLanguage

/// A message's translation, as set when the message is appended or when a pending one is translated.
public struct MessageTranslation: Sendable, Hashable, Codable {
    /// Where the translation stands.
    public var status: Message.TranslationStatus
    /// The language of the original.
    public var detectedLanguage: LanguageTag?
    /// How sure the detection is, 0 to 1.
    public var confidence: Double?
    /// What the rep sees (inbound); nil keeps the message's current ``Message/shownText``.
    public var shownText: String?
    /// What the contact is sent (outbound); nil keeps the message's current ``Message/sentText``.
    public var sentText: String?
    /// Why the translation failed or needs review.
    public var error: String?
    /// How the translation was made.
    public var provenance: MessageProvenance?

    /// - Parameters:
    ///   - status: where the translation stands.
    ///   - detectedLanguage: the language of the original.
    ///   - confidence: how sure the detection is.
    ///   - shownText: what the rep sees (inbound).
    ///   - sentText: what the contact is sent (outbound).
    ///   - error: why the translation failed or needs review.
    ///   - provenance: how the translation was made.
    public init(
        status: Message.TranslationStatus,
        detectedLanguage: LanguageTag? = nil,
        confidence: Double? = nil,
        shownText: String? = nil,
        sentText: String? = nil,
        error: String? = nil,
        provenance: MessageProvenance? = nil
    ) {
        self.status = status
        self.detectedLanguage = detectedLanguage
        self.confidence = confidence
        self.shownText = shownText
        self.sentText = sentText
        self.error = error
        self.provenance = provenance
    }

    /// Not translated yet.
    public static var pending: Self { Self(status: .pending) }
}

extension Message {
    /// Takes a translation's fields: its status, detection, error and provenance, and the shown
    /// and sent texts it has (a nil text keeps the message's own).
    mutating func apply(_ translation: MessageTranslation, at now: Date) {
        translationStatus = translation.status
        detectedLanguage = translation.detectedLanguage
        confidence = translation.confidence
        if let shownText = translation.shownText { self.shownText = shownText }
        if let sentText = translation.sentText { self.sentText = sentText }
        translationError = translation.error
        provenance = translation.provenance
        updatedAt = now
    }
}
