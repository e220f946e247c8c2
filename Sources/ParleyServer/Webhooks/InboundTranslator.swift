internal import Foundation
internal import Logging
internal import ParleyLanguage
internal import ParleyThreads
internal import ParleyTranslation

/// Translates a stored inbound message and records the result on it; shared by the inbound webhook,
/// the pending-translation worker and lead import.
///
/// A backend failure leaves the message `pending` with the error recorded, so the rep sees the
/// original flagged "translation pending" and a worker tries again; any other failure (intake)
/// is final.
struct InboundTranslator {
    /// Detection at or above this confidence sets an unknown contact language.
    static let confidentDetection = 0.8
    /// How many earlier messages give the thread's languages.
    static let threadWindow: Int64 = 20

    let pipeline: TranslationPipeline
    let store: any ThreadStore

    /// The languages detected in a conversation's inbound messages before a position, newest first.
    /// - Parameters:
    ///   - conversationID: the conversation.
    ///   - sequence: only messages before this one.
    func threadLanguages(conversationID: UUID, before sequence: Int64) async throws -> [LanguageTag] {
        let after = max(0, sequence - 1 - Self.threadWindow)
        let earlier = try await store.messages(conversationID: conversationID, afterSequence: after, limit: Int(Self.threadWindow))
        return earlier.filter { $0.direction == .inbound && $0.sequence < sequence }
            .reversed()
            .compactMap { message in
                guard let language = message.detectedLanguage, !language.isUndetermined else { return nil }
                return language
            }
    }

    /// What a pipeline result makes of an inbound message: the result's translation, except that a
    /// backend failure that may pass (unavailable, time-out, rate limit, open circuit, an answer
    /// that was not a translation, a call cut short by cancellation) stays pending, with the error
    /// and the warnings (opt-out among them) kept. A failure that trying again cannot fix (a pair
    /// no backend has, bad credentials) is `failed`, so no worker retries it forever.
    /// - Parameters:
    ///   - result: the pipeline's result.
    static func translation(for result: TranslationResult) -> MessageTranslation {
        guard result.status == .failed, let failure = result.failure, failure.stage == .translate,
            failure.translationError.map({ $0.isRetryable || [.circuitOpen, .badResponse, .cancelled].contains($0.kind) })
                ?? true
        else {
            return MessageTranslation(result, direction: .inbound)
        }
        return MessageTranslation(
            status: .pending,
            detectedLanguage: result.detection?.language ?? result.source,
            confidence: result.detection?.confidence,
            shownText: nil,
            error: "Translation pending: \(result.failure?.description ?? "the translation backend failed")",
            provenance: MessageProvenance(result.provenance, warnings: result.warnings))
    }

    /// Translates a stored inbound message in its conversation's context and records the result.
    /// - Parameters:
    ///   - message: the stored message.
    ///   - contact: the contact who wrote it.
    ///   - logger: where to log.
    /// - Returns: the pipeline's result and the message as stored afterwards.
    func translate(_ message: Message, contact: Contact, logger: Logger) async throws -> (result: TranslationResult, message: Message) {
        let languages = try await threadLanguages(conversationID: message.conversationID, before: message.sequence)
        let context = ConversationContext(preferredLanguage: contact.preferredLanguage, threadLanguages: languages)
        let result = await pipeline.inbound(message.original, context: context)
        let translation = Self.translation(for: result)
        var logger = logger
        logger[metadataKey: "parley.message"] = "\(message.id)"
        if result.compliance.kind == .optOut {
            logger.info("inbound opt-out request", metadata: ["parley.keyword": "\(result.compliance.keyword ?? "")"])
        }
        if translation.status == .pending {
            logger.info("translation pending: backend failed", metadata: ["parley.error": "\(result.failure?.description ?? "")"])
        }
        let updated = try await store.updateTranslation(messageID: message.id, translation)
        ParleyMetrics.translation(.inbound, updated.translationStatus)
        return (result, updated)
    }

    /// Sets a contact's language from a detection when none is set and the detection is confident
    /// and not the reps' language.
    /// - Parameters:
    ///   - contact: the contact.
    ///   - guess: the detection.
    /// - Returns: the contact, updated or not.
    func learnLanguage(of contact: Contact, from guess: LanguageGuess?) async throws -> Contact {
        guard contact.preferredLanguage == nil, let guess, guess.confidence >= Self.confidentDetection,
            !guess.language.isUndetermined, guess.language.language != pipeline.configuration.repLanguage.language
        else { return contact }
        return try await store.setPreferredLanguage(contactID: contact.id, language: guess.language, source: .detected)
    }
}
