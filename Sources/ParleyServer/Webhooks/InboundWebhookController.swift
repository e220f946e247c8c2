internal import Foundation
internal import Hummingbird
internal import Logging
internal import ParleyThreads
internal import ParleyTranslation

/// `POST /webhooks/twilio/inbound`: an SMS from a contact to a business number, as Twilio delivers it
/// (form fields `From`, `To`, `Body`, `MessageSid`, `NumMedia`, …), signed with `X-Twilio-Signature`.
///
/// The message is stored first, untranslated, so nothing received is lost when translation fails;
/// then it is translated and the result recorded. A repeat of the same `MessageSid` stores nothing
/// new. The answer is empty TwiML (no automatic reply) once the message is stored, whatever became
/// of its translation; a message that could not be stored is answered with a problem (503 when the
/// database is unavailable), so the provider tries again.
struct InboundWebhookController {
    let services: ParleyServices

    /// The TwiML answer: no reply.
    static let emptyTwiML = #"<?xml version="1.0" encoding="UTF-8"?><Response></Response>"#

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("webhooks/twilio/inbound") { request, context in
            try await receive(request, logger: context.logger)
        }
    }

    func receive(_ request: Request, logger: Logger) async throws -> Response {
        let form = try await WebhookForm.read(request)
        try TwilioSignature.verify(request, form: form, settings: services.webhooks)
        guard let store = services.store else {
            throw Problem(.serviceUnavailable, "No conversation store", detail: "This service runs without a database; start it with one to receive SMS.")
        }
        let sid = try Self.required("MessageSid", in: form)
        let to = try Self.phone("To", in: form)
        let from = try Self.phone("From", in: form)
        guard let body = form["Body"] else {
            throw Problem(.badRequest, "Missing field", detail: "The webhook has no 'Body' field; Twilio always sends one, even empty.")
        }
        var logger = logger
        logger[metadataKey: "parley.provider_message_id"] = "\(sid)"
        if let media = form["NumMedia"].flatMap(Int.init), media > 0 {
            // Media is not kept yet: the text is stored and the rep sees only it.
            logger.info("inbound message has media that is not stored", metadata: ["parley.media_count": "\(media)"])
        }

        guard let number = try await store.businessNumber(phone: to) else {
            logger.info("inbound SMS to a number that is not the business's", metadata: ["parley.to": "\(to)"])
            throw Problem(.notFound, "Unknown number", detail: "\(to) is not one of the business's numbers; assign it to a rep first.")
        }
        let contact = try await store.findOrCreateContact(phone: from)
        let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
        let appended = try await store.appendInbound(
            InboundMessageDraft(conversationID: conversation.id, text: body, providerMessageID: sid))
        ParleyMetrics.inbound(duplicate: !appended.inserted)
        if !appended.inserted, appended.message.translationStatus != .pending {
            logger.debug("repeated inbound webhook; already stored and translated")
            return Self.twiml()
        }

        // Stored: from here on the provider gets its 2xx, in time. A translation that outlasts the
        // budget, or a store that fails now (locked, full), leaves the message pending for the
        // worker; an error answer would only make the provider send it again.
        let translator = InboundTranslator(pipeline: services.currentPipeline, store: store)
        let message = appended.message
        do {
            let done = try await Self.finishes(within: services.webhooks.translationBudget) { [logger] in
                let (result, _) = try await translator.translate(message, contact: contact, logger: logger)
                _ = try await translator.learnLanguage(of: contact, from: result.detection)
            }
            if !done {
                logger.info("inbound message stored; its translation took too long and waits for the worker")
            }
        } catch {
            logger.warning(
                "inbound message stored; its translation could not be recorded and waits for the worker",
                metadata: ["parley.message": "\(message.id)", "parley.error": "\(error)"])
        }
        return Self.twiml()
    }

    /// Runs `work`, cancelling it if it takes longer than `limit`.
    /// - Returns: whether it finished in time.
    static func finishes(
        within limit: Duration, _ work: @escaping @Sendable () async throws -> Void
    ) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await work()
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            let finished = try await group.next() ?? false
            group.cancelAll()
            return finished
        }
    }

    static func twiml() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/xml"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: emptyTwiML)))
    }

    static func required(_ name: String, in form: WebhookForm) throws -> String {
        guard let value = form[name], !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Problem(.badRequest, "Missing field", detail: "The webhook has no '\(name)' field; it is not a Twilio message webhook.")
        }
        return value
    }

    static func phone(_ name: String, in form: WebhookForm) throws -> PhoneNumber {
        let text = try required(name, in: form)
        do {
            return try PhoneNumber(parsing: text)
        } catch {
            throw Problem(.badRequest, "Invalid phone number", detail: "'\(name)' is not a phone number: \(error.message)")
        }
    }
}
