internal import Foundation
internal import Logging
internal import ParleyLanguage
internal import ParleyThreads
internal import ParleyTranslation

extension Messaging {
    /// Detection at or above this confidence sets an unknown contact language.
    static let confidentDetection = 0.8

    /// What a pipeline result makes of an inbound message: the result's translation, except that a
    /// backend failure that may pass (unavailable, time-out, rate limit, open circuit, an answer
    /// that was not a translation, a call cut short by cancellation) stays pending, with the error
    /// and the warnings (opt-out among them) kept. A failure that trying again cannot fix (a pair
    /// no backend has, bad credentials) is `failed`, so no job retries it for ever.
    /// - Parameters:
    ///   - result: the pipeline's result.
    static func translation(for result: TranslationResult) -> MessageTranslation {
        guard result.status == .failed, let failure = result.failure, failure.stage == .translate,
            failure.translationError.map({ $0.isRetryable || [.circuitOpen, .badResponse, .cancelled].contains($0.code) })
                ?? true
        else {
            return MessageTranslation(result, direction: .inbound)
        }
        return MessageTranslation(
            status: .pending,
            detectedLanguage: result.detection?.language ?? result.source,
            confidence: result.detection?.confidence,
            shownText: nil,
            error: "Translation pending. \(result.failure?.message ?? "The translation service failed.")",
            provenance: MessageProvenance(result.provenance, warnings: result.warnings))
    }

    /// Runs a claimed `translateInbound` job: translates the message in its conversation's context,
    /// records the result (which reaches the rep as an event), and learns the contact's language
    /// from a confident detection.
    ///
    /// A backend failure that may pass leaves the message pending, with the error shown, and the job
    /// retried later with backoff; a message the backend has answered badly (not a translation) on
    /// its ``Configuration/maximumBadAnswers``-th try is given up as failed, its original shown.
    func translateInbound(_ job: Job) async throws(MessagingError) {
        let store = self.store
        let owner = configuration.workerName
        var logger = self.logger
        logger[metadataKey: "parley.message"] = "\(job.subjectID)"
        let message = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.message(id: job.subjectID) }
        guard message.direction == .inbound, message.translationStatus == .pending else {
            _ = try? await store.completeJob(id: job.id, owner: owner)
            return
        }
        let thread = try await access(.core).conversation(message.conversationID)
        let context = try await self.context(of: thread, before: message.sequence)
        let result = await pipeline.inbound(message.original, context: context, logger: logger)
        var translation = Self.translation(for: result)
        if result.compliance.kind == .optOut {
            logger.info("inbound opt-out request", metadata: ["parley.keyword": "\(result.compliance.keyword ?? "")"])
        }
        let givingUp = translation.status == .pending && result.failure?.translationError?.code == .badResponse
            && job.attempts >= configuration.maximumBadAnswers
        if givingUp {
            translation = MessageTranslation(
                status: .failed, detectedLanguage: translation.detectedLanguage, confidence: translation.confidence,
                error: "The translation service answered \(job.attempts) times with something that is not a translation; the original is shown.",
                provenance: translation.provenance)
            logger.warning("pending translation given up after bad answers")
        }
        if translation.status == .pending {
            let updated = try await MessagingError.store { () async throws(ThreadStoreError) in
                try await store.updateTranslation(messageID: message.id, translation)
            }
            MessagingMetrics.translation(.inbound, updated.translationStatus)
            let later = now().addingTimeInterval(retryDelay(afterAttempts: job.attempts))
            logger.info("translation pending: backend failed", metadata: ["parley.error": "\(result.failure?.description ?? "")"])
            try await MessagingError.store { () async throws(ThreadStoreError) in
                _ = try await store.retryJob(id: job.id, owner: owner, runAfter: later, error: translation.error ?? "translation pending")
            }
            return
        }
        // The translation, the contact's language and the job's end in one transaction.
        let learned = languageToLearn(for: thread.contact, from: result.detection)
        let contactID = thread.contact.id
        let finished = translation
        let updated = try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.completeTranslation(
                messageID: message.id, finished, learning: learned, contactID: contactID, jobID: job.id, owner: owner)
        }
        MessagingMetrics.translation(.inbound, updated.translationStatus)
    }

    /// The language a detection teaches about a contact: one when the contact has none, the
    /// detection is confident, and it is not the reps' language; else nil.
    func languageToLearn(for contact: Contact, from guess: LanguageGuess?) -> LanguageTag? {
        guard contact.preferredLanguage == nil, let guess, guess.confidence >= Self.confidentDetection,
            !guess.language.isUndetermined, guess.language.language != pipeline.configuration.repLanguage.language
        else { return nil }
        return guess.language
    }

    /// Sets a contact's language from a detection when none is set and the detection is confident
    /// and not the reps' language.
    /// - Returns: the contact, updated or not.
    func learnLanguage(of contact: Contact, from guess: LanguageGuess?) async throws(MessagingError) -> Contact {
        guard let language = languageToLearn(for: contact, from: guess) else { return contact }
        let store = self.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.setPreferredLanguage(contactID: contact.id, language: language, source: .detected)
        }
    }
}
