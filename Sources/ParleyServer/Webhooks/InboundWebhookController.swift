internal import Foundation
internal import Hummingbird
internal import Logging
internal import ParleyMessaging
internal import ParleyThreads
internal import ParleyTranslation

/// `POST /webhooks/twilio/inbound`: an SMS from a contact to a business number, as Twilio delivers it
/// (form fields `From`, `To`, `Body`, `MessageSid`, `NumMedia`, …), signed with `X-Twilio-Signature`.
///
/// The message is stored with its translation job (``Messaging/receive(_:)``) and answered at once
/// with empty TwiML (no automatic reply): the translation never holds the provider's request open.
/// A repeat of the same `MessageSid` stores nothing new. A message that could not be stored is
/// answered with a problem (503 when the database is unavailable), so the provider tries again.
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
        guard let messaging = services.messaging else {
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
        // Stored, with its translation job, before the answer: the provider gets its 2xx as soon
        // as nothing can be lost, and the translation reaches the rep live when its job runs.
        let received = try await messaging.receive(InboundSMS(from: from, to: to, body: body, providerMessageID: sid))
        if !received.inserted { logger.debug("repeated inbound webhook; already stored") }
        return Self.twiml()
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
