public import ParleyTranslation
internal import ParleyLanguage

extension MessageTranslation {
    /// What a pipeline result says about a message: for an inbound message its text is what the rep
    /// is shown, for an outbound one what the contact is sent.
    /// - Parameters:
    ///   - result: the pipeline's result.
    ///   - direction: which way the message goes.
    public init(_ result: TranslationResult, direction: Message.Direction) {
        let status: Message.TranslationStatus =
            switch result.status {
            case .translated: .translated
            case .unchanged: .unchanged
            case .needsReview: .needsReview
            case .failed: .failed
            }
        let error: String? =
            switch result.status {
            case .failed: result.failure?.message ?? "The translation failed."
            case .needsReview: result.problems.isEmpty ? nil : result.problems.joined(separator: " ")
            case .translated, .unchanged: nil
            }
        self.init(
            status: status,
            detectedLanguage: direction == .inbound ? (result.detection?.language ?? result.source) : result.source,
            confidence: result.detection?.confidence,
            shownText: direction == .inbound ? result.text : nil,
            sentText: direction == .outbound ? result.text : nil,
            error: error,
            provenance: MessageProvenance(result.provenance, warnings: result.warnings)
        )
    }
}
