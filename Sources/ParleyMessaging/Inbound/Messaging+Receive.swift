public import ParleyThreads
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
        let store = self.store
        guard let number = try await MessagingError.store({ () async throws(ThreadStoreError) in try await store.businessNumber(phone: sms.to) })
        else {
            logger.info("inbound SMS to a number that is not the business's", metadata: ["parley.to": "\(sms.to)"])
            throw .notFound("Unknown number", "\(sms.to) is not one of the business's numbers; assign it to a rep first.")
        }
        let (contact, conversation) = try await MessagingError.store { () async throws(ThreadStoreError) in
            let contact = try await store.findOrCreateContact(phone: sms.from)
            return (contact, try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id))
        }
        let change = ConsentRules(compliance: pipeline.compliance).change(for: sms.body, current: contact.consent)
        let appended = try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.appendInbound(
                InboundMessageDraft(
                    conversationID: conversation.id, text: sms.body, providerMessageID: sms.providerMessageID, consent: change))
        }
        MessagingMetrics.inbound(duplicate: !appended.inserted)
        var stored = contact
        if appended.inserted, let change {
            logger.info("contact consent changed by an inbound keyword", metadata: ["parley.consent": "\(change.state.rawValue)"])
            stored = (try? await store.contact(id: contact.id)) ?? contact
        }
        if appended.inserted { wakeups.wake() }
        return ReceivedSMS(message: appended.message, inserted: appended.inserted, contact: stored, consentChange: appended.inserted ? change : nil)
    }
}
