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

    /// Whether the translation passed every check and has something to send.
    public var isReadyToSend: Bool {
        result.isUsable && result.unchangedReason != .empty && !result.text.isEmpty
    }

    /// The exact text to send, or nil when the translation failed or must be reviewed first.
    public var textToSend: String? { isReadyToSend ? result.text : nil }
}
