internal import ParleyThreads
internal import Foundation
internal import Logging
internal import ParleyTranslation

extension Messaging {
    /// Stores an inbound SMS and returns as soon as it is durable: its translation is a job (see
    /// ``JobWorker``), whose result reaches the rep through the store's events.
    ///
    /// An opt-out or opt-in keyword (``ConsentRules``) is read on the raw text, before any
    /// translation, and changes the contact's consent in the same transaction as the message. A
    /// repeat of the same provider identifier stores nothing new and changes nothing.
    /// - Parameters:
    ///   - sms: the SMS.
    /// - Throws: ``MessagingError/Code/notFound`` when `to` is not one of the business's numbers;
    ///   ``MessagingError/Code/unavailable`` when the store could not take it (the provider should
    ///   try again).
    public func receive(_ sms: InboundSMS) async throws(MessagingError) -> ReceivedSMS {
        var logger = self.logger
        logger[metadataKey: "parley.provider_message_id"] = "\(sms.providerMessageID)"
        // The text's keywords and phrases are read here, before the write; in the transaction only
        // the contact's consent as it stands decides the change (SQLite has one writer).
        let classified = pipeline.compliance.classify(sms.body)
        let delivery = InboundDelivery(
            from: sms.from, to: sms.to, text: sms.body, providerMessageID: sms.providerMessageID,
            consent: { current in ConsentRules.change(classified, current: current) })
        // One call: the number, the contact, the conversation, the message, its consent change and
        // its translation job, written with the webhooks that arrive meanwhile (group commit on SQLite).
        let receipt: InboundReceipt
        do {
            receipt = try await store.receiveInbound(delivery)
        } catch {
            if error.code == .notFound {
                logger.info("inbound SMS to a number that is not the business's", metadata: ["parley.to": "\(sms.to)"])
                throw .notFound("Unknown number", "\(sms.to) is not one of the business's numbers; assign it to a rep first.")
            }
            throw MessagingError(error)
        }
        MessagingMetrics.inbound(duplicate: !receipt.inserted)
        if let change = receipt.consentChange {
            logger.info("contact consent changed by an inbound keyword", metadata: ["parley.consent": "\(change.state.rawValue)"])
        }
        if receipt.inserted { wakeups.wake() }
        return ReceivedSMS(message: receipt.message, inserted: receipt.inserted, contact: receipt.contact, consentChange: receipt.consentChange)
    }
}
