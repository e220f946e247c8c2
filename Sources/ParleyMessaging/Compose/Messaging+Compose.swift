public import Foundation
internal import Logging
internal import ParleyGlossary
internal import ParleyLanguage
public import ParleyThreads
internal import ParleyTranslation

/// A reply the store took: sent, or queued for the job worker to try again.
public struct SentMessage: Sendable {
    /// The message as stored.
    public var message: Message
    /// What the rep was shown (the preview's, when the send named one).
    public var preview: OutboundPreview
    /// True when the provider could not take it yet and the job worker will try again.
    public var queued: Bool
}

extension Messaging {
    /// The rep's English as the contact would read it, with the token that sends exactly that text.
    /// A preview of the same ticket again, in this process and with more than half the token's
    /// lifetime left, gets the same token: no second row is stored.
    /// - Parameters:
    ///   - compose: the English or the template.
    ///   - conversationID: the conversation.
    ///   - identity: who asks.
    /// - Throws: ``MessagingError/Code/translationUnavailable`` when the translation service failed.
    public func preview(_ compose: Compose, in conversationID: UUID, by identity: Identity) async throws(MessagingError) -> OutboundPreview {
        let pipeline = self.pipeline
        // One store read for the access check, the conversation, its context and the memory's revision.
        let memoryIndustry = (pipeline.memory as? StoreTranslationMemory)?.industry
        let snapshot = try await access(identity).snapshot(conversationID, messageLimit: Self.threadWindow, memoryIndustry: memoryIndustry)
        let thread = ConversationThread(snapshot)
        let english = try await self.english(compose, by: identity)
        let context = Self.context(of: thread, earlier: snapshot.latestMessages)
        var known: StoreTranslationMemory.KnownRevision?
        if let memoryIndustry, let revision = snapshot.memoryRevision { known = .init(industry: memoryIndustry, revision: revision) }
        let logger = self.logger
        let outbound = await StoreTranslationMemory.$knownRevision.withValue(known) {
            await pipeline.outbound(english, context: context, logger: logger)
        }
        if let failure = outbound.result.failure, Self.isServiceFailure(failure) {
            throw MessagingError.translationUnavailable(failure)
        }
        var preview = OutboundPreview(outbound)
        preview.contactOptedOut = !ConsentRules.mayText(thread.contact)
        if let text = outbound.textToSend {
            let ticket = PreviewTicket(
                english: english, text: text, translation: MessageTranslation(outbound.result, direction: .outbound), preview: preview,
                contactLanguage: thread.contact.preferredLanguage?.identifier, glossaryVersion: pipeline.glossary?.version.identifier,
                contactFormality: thread.contact.formality?.rawValue)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys  // the same ticket, the same text (``SavedPreviews``)
            let created = now()
            let lifetime = Self.seconds(configuration.previewLifetime)
            let key = SavedPreviews.Key(
                conversationID: conversationID,
                payload: String(decoding: (try? encoder.encode(ticket.withoutTimings)) ?? Data(), as: UTF8.self))
            if let token = savedPreviews.token(for: key, at: created, lifetime: lifetime) {
                // The same ticket is stored already: its token, no second row.
                preview.token = token
                return preview
            }
            let payload = String(decoding: (try? encoder.encode(ticket)) ?? Data(), as: UTF8.self)
            let token = Self.newToken()
            let stored = StoredPreview(
                token: token, conversationID: conversationID, payload: payload, createdAt: created,
                expiresAt: created.addingTimeInterval(lifetime))
            try await MessagingError.store { () async throws(ThreadStoreError) in try await store.savePreview(stored) }
            savedPreviews.remember(key, token: token, expiresAt: stored.expiresAt, now: created)
            preview.token = token
        }
        return preview
    }

    /// Sends a reply: the text a preview showed when `previewToken` names one (no second call to
    /// the translation backend), else a fresh translation. The message and its send job are stored
    /// together first, then the provider is asked at once; a provider that cannot take it yet
    /// leaves it queued for the job worker.
    ///
    /// Nothing is stored or sent when the contact opted out (``MessagingError/Code/optedOut``), the
    /// preview no longer holds (``MessagingError/Code/previewStale``), the translation failed its
    /// checks or its service (``MessagingError/Code/notTranslated``,
    /// ``MessagingError/Code/translationUnavailable``), or it raised doubts the rep did not
    /// confirm (``MessagingError/Code/unconfirmed``).
    /// - Parameters:
    ///   - compose: the English or the template.
    ///   - conversationID: the conversation.
    ///   - identity: who sends.
    ///   - previewToken: the token of the preview the rep approved, if any.
    ///   - confirmed: true when the rep read the doubts of the preview `previewToken` names and sends
    ///     it anyway; a doubtful reply without a preview is refused even so.
    public func send(
        _ compose: Compose, in conversationID: UUID, by identity: Identity, previewToken: String? = nil,
        confirmed: Bool = false
    ) async throws(MessagingError) -> SentMessage {
        let thread = try await access(identity).conversation(conversationID)
        let english = try await self.english(compose, by: identity)
        if let refusal = ConsentRules.refusal(thread.contact) {
            MessagingMetrics.outbound("optedOut")
            throw refusal
        }
        let translation: MessageTranslation
        var preview: OutboundPreview
        if let previewToken {
            let ticket = try await self.ticket(previewToken, conversationID: conversationID)
            if let reason = ticket.staleness(english: english, contact: thread.contact, glossaryVersion: pipeline.glossary?.version.identifier) {
                throw MessagingError(code: .previewStale, title: "Preview again before sending", message: "\(reason) Nothing was sent; preview it again, then send.")
            }
            translation = ticket.translation
            preview = ticket.preview
            preview.token = previewToken
        } else {
            let outbound = await pipeline.outbound(english, context: try await context(of: thread, before: nil), logger: logger)
            guard outbound.textToSend != nil else {
                MessagingMetrics.outbound("held")
                throw Self.held(outbound)
            }
            translation = MessageTranslation(outbound.result, direction: .outbound)
            preview = OutboundPreview(outbound)
        }
        // Doubts are confirmed only as a preview showed them: a fresh translation may differ.
        if preview.needsConfirmation, !confirmed || previewToken == nil {
            MessagingMetrics.outbound("unconfirmed")
            throw Self.unconfirmed(preview, previewed: previewToken != nil)
        }
        // This request hands the message over itself, at once; a worker takes the job only if it
        // never does (a crash before the provider answered), after a grace period.
        let draft = OutboundMessageDraft(
            conversationID: conversationID, text: english, translation: translation,
            sendAfter: now().addingTimeInterval(Self.seconds(configuration.inlineSendGrace)), sentBy: identity.personID)
        let message = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.appendOutbound(draft) }
        let outcome = try await deliverNow(message, in: thread)
        return SentMessage(message: outcome.message, preview: preview, queued: outcome.queued)
    }

    /// The preview a token names, for this conversation.
    func ticket(_ token: String, conversationID: UUID) async throws(MessagingError) -> PreviewTicket {
        let stored = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.preview(token: token) }
        guard let stored, stored.conversationID == conversationID,
            let ticket = try? JSONDecoder().decode(PreviewTicket.self, from: Data(stored.payload.utf8))
        else {
            throw MessagingError(
                code: .previewStale, title: "Preview again before sending",
                message: "This preview has expired or is not this conversation's. Nothing was sent; preview the message again, then send.")
        }
        return ticket
    }

    /// The English a compose request holds: its text, or its template filled with its values.
    func english(_ compose: Compose, by identity: Identity) async throws(MessagingError) -> String {
        switch compose {
        case .text(let text):
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .invalidInput("Empty message", "Write the message in English first.")
            }
            return text
        case .template(let id, let values):
            let template = try await usableTemplate(id, by: identity)
            return try Self.render(template, values: values)
        }
    }

    /// The problem of an outbound translation that may not be sent.
    static func held(_ outbound: OutboundTranslation) -> MessagingError {
        if let failure = outbound.result.failure, isServiceFailure(failure) {
            return MessagingError.translationUnavailable(failure)
        }
        let reason = outbound.result.failure?.message ?? outbound.result.problems.joined(separator: " ")
        return MessagingError(
            code: .notTranslated, title: "Not sent: the translation did not pass its checks",
            message: "\(reason) Nothing was sent; edit the message or set the contact's language, then preview again.",
            failure: outbound.result.failure)
    }

    /// The refusal of a doubtful reply the rep has not confirmed.
    static func unconfirmed(_ preview: OutboundPreview, previewed: Bool) -> MessagingError {
        let reasons = preview.doubts.joined(separator: " ")
        let what = previewed
            ? "read the preview, then confirm to send it anyway, or reword the message."
            : "preview the message, read why it may be wrong, then confirm that preview to send it anyway, or reword the message."
        return MessagingError(code: .unconfirmed, title: "Not sent: confirm this translation first", message: "\(reasons) Nothing was sent; \(what)")
    }

    /// Whether a pipeline failure is the translation service's (unreachable, slow, busy, bad
    /// answers, refused credentials), not the message's own.
    static func isServiceFailure(_ failure: PipelineFailure) -> Bool {
        failure.stage == .translate && failure.translationError?.isServiceFailure == true
    }

    /// 256 random bits as 64 lowercase hex digits (written by hand: `String(format:)` showed in
    /// the preview's profile).
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for _ in 0..<4 {
            var word: UInt64 = generator.next()
            for _ in 0..<16 {
                hex.append(digits[Int(word >> 60)])
                word <<= 4
            }
        }
        return String(decoding: hex, as: UTF8.self)
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
