/// The rep's reply made ready for the contact: the translation, its back-translation into the rep's
/// language, and how it will travel as SMS.
public struct OutboundTranslation: Sendable, Hashable {
    /// The translation; ``TranslationResult/text`` is what would be sent.
    public var result: TranslationResult
    /// The translation translated back into the rep's language, so the rep can check the meaning;
    /// nil when there is no translation or back-translation is off.
    public var backTranslation: TranslationResult?
    /// The encoding (GSM-7 or UCS-2) and segment count of the text to send.
    public var sms: SMSEncoding

    /// - Parameters:
    ///   - result: the translation.
    ///   - backTranslation: its back-translation.
    public init(result: TranslationResult, backTranslation: TranslationResult?) {
        self.result = result
        self.sms = SMSEncoding(result.text)
        self.backTranslation = backTranslation
        if sms.segments > 1 {
            self.result.warnings.append(PipelineWarning(
                .longMessage, "The message takes \(sms.segments) SMS segments (\(sms.encoding == .gsm7 ? "GSM-7" : "UCS-2"))."))
        }
        if let back = backTranslation, !back.isUsable {
            self.result.warnings.append(PipelineWarning(
                .backTranslationFailed,
                "The back-translation could not be checked: \(back.failure?.message ?? back.problems.first ?? back.status.rawValue)"))
        }
    }

    /// Whether the translation passed every check and has something to send. A reply with
    /// ``doubts`` is sent only after the rep confirms it (``needsConfirmation``).
    public var isReadyToSend: Bool {
        result.isUsable && result.unchangedReason != .empty && !result.text.isEmpty
    }

    /// Why the reply may be wrong, in sentences for the rep: for a reply held by its checks, what
    /// failed; for one that passed them, the doubts the other checks raised (words left untranslated,
    /// numbers changed, a suspicious length, forms wrong for the contact's region or register).
    /// Empty when nothing is in doubt.
    public var doubts: [String] {
        switch result.status {
        case .failed: return [result.failure?.message ?? "The translation failed."]
        case .needsReview: return result.problems.isEmpty ? ["The translation did not pass its checks."] : result.problems
        case .translated, .unchanged: return result.warnings.filter(\.kind.isDoubt).map(\.message)
        }
    }

    /// Whether the reply passed its checks but raised doubts, so the rep must confirm before it is sent.
    public var needsConfirmation: Bool { isReadyToSend && !doubts.isEmpty }

    /// Whether the reply may be sent as it is: it passed its checks and nothing is in doubt. (A
    /// reply that ``needsConfirmation`` goes only once a person confirmed it.)
    public var isReadyToSendAsIs: Bool { isReadyToSend && doubts.isEmpty }

    /// The exact text to send, or nil when the translation failed or must be reviewed first.
    public var textToSend: String? { isReadyToSend ? result.text : nil }
}
