internal import ParleyMessaging
internal import Foundation
internal import Hummingbird
internal import Logging
internal import ParleyThreads

/// `POST /webhooks/twilio/status`: Twilio's delivery-status callback for an outbound message
/// (`MessageSid`, `MessageStatus`, `ErrorCode`, …), signed with `X-Twilio-Signature`.
///
/// It answers 200 whenever the request is genuine, even for a message it does not know or a status
/// it ignores: Twilio retries on other statuses, and a retry would not help.
struct StatusWebhookController {
    let services: ParleyServices

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("webhooks/twilio/status") { request, context in
            try await receive(request, logger: context.logger)
        }
    }

    func receive(_ request: Request, logger: Logger) async throws -> Response {
        let form = try await WebhookForm.read(request)
        try TwilioSignature.verify(request, form: form, settings: services.webhooks)
        guard let store = services.store else {
            throw Problem(.serviceUnavailable, "No conversation store", detail: "This service runs without a database.")
        }
        let sid = try InboundWebhookController.required("MessageSid", in: form)
        let reported = try InboundWebhookController.required("MessageStatus", in: form)
        var logger = logger
        logger[metadataKey: "parley.provider_message_id"] = "\(sid)"
        if let code = form["ErrorCode"], !code.isEmpty {
            logger[metadataKey: "parley.provider_error"] = "\(code)"
        }
        guard let status = Self.status(reported) else {
            logger.debug("delivery status ignored", metadata: ["parley.status": "\(reported)"])
            return Response(status: .ok)
        }
        if let message = try await Self.update(store, providerMessageID: sid, to: status) {
            logger.debug("delivery status", metadata: ["parley.status": "\(message.deliveryStatus.rawValue)"])
        } else {
            logger.info("delivery status for a message that is not stored", metadata: ["parley.status": "\(reported)"])
        }
        return Response(status: .ok)
    }

    /// Moves a message's delivery status; nil when no message has the provider identifier.
    static func update(
        _ store: any ThreadStore, providerMessageID: String, to status: Message.DeliveryStatus
    ) async throws(ThreadStoreError) -> Message? {
        do {
            return try await store.updateDeliveryStatus(providerMessageID: providerMessageID, status)
        } catch {
            if error.code == .notFound { return nil }
            throw error
        }
    }

    /// Twilio's `MessageStatus` as a delivery status; nil for statuses that say nothing new
    /// (`receiving`, `received`, unknown ones).
    static func status(_ twilio: String) -> Message.DeliveryStatus? {
        switch twilio.lowercased() {
        case "accepted", "scheduled", "queued", "sending": .queued
        case "sent": .sent
        case "delivered", "read": .delivered
        case "undelivered": .undelivered
        case "failed", "canceled": .failed
        default: nil
        }
    }
}
