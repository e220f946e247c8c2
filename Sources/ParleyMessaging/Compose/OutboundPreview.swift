internal import ParleyLanguage
public import ParleyTranslation

/// What the rep sees before sending: the text the contact would get, its back-translation, its SMS
/// encoding and segments, and the checks' warnings; and the token that sends exactly this text.
public struct OutboundPreview: Sendable, Codable, Hashable {
    /// The translation's status (`translated`, `unchanged`, `needsReview`, `failed`).
    public var status: String
    /// Whether this text may be sent as it is: it passed its checks and nothing is in doubt (see
    /// ``needsConfirmation``).
    public var readyToSend: Bool
    /// The text the contact would get.
    public var text: String
    /// The contact's language.
    public var language: String
    /// The text translated back into English, when the pipeline made one.
    public var backTranslation: String?
    /// `GSM-7` or `UCS-2`.
    public var encoding: String
    /// How many SMS segments the text takes.
    public var segments: Int
    /// What the rep should know.
    public var warnings: [String]
    /// Why the text may not be sent.
    public var problems: [String]
    /// Why the text may be wrong, for the rep to read before it goes: the checks that failed for a
    /// held reply, else the doubts (words left untranslated, numbers changed, forms wrong for the
    /// contact's region or register). Empty when nothing is in doubt.
    public var doubts: [String]
    /// Whether the text passed its checks but raised doubts: it is sent only with the rep's
    /// confirmation (`confirmed` on send).
    public var needsConfirmation: Bool
    /// Why the translation failed, when it did, in words a rep understands (the backend's detail
    /// is in the server log).
    public var failure: String?
    /// Sends exactly this text when given to send (`previewToken`); nil when it may not be sent.
    public var token: String?
    /// Whether the contact has opted out, or may have and a rep has not confirmed it, so a send
    /// would be refused.
    public var contactOptedOut: Bool

    /// - Parameters:
    ///   - outbound: the pipeline's outbound translation.
    public init(_ outbound: OutboundTranslation) {
        status = outbound.result.status.rawValue
        readyToSend = outbound.isReadyToSendAsIs
        text = outbound.result.text
        language = outbound.result.target.identifier
        backTranslation = outbound.backTranslation?.text
        encoding = outbound.sms.encoding == .gsm7 ? "GSM-7" : "UCS-2"
        segments = outbound.sms.segments
        warnings = outbound.result.warnings.map(\.message)
        problems = outbound.result.problems
        doubts = outbound.doubts
        needsConfirmation = outbound.needsConfirmation
        failure = outbound.result.failure?.message
        token = nil
        contactOptedOut = false
    }
}
