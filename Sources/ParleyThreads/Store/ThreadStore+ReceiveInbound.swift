internal import Foundation

extension ThreadStore {
    /// ``ThreadStore/receiveInbound(_:)`` composed of the store's other calls, for stores without
    /// one of their own: a read and three transactions.
    public func receiveInbound(_ delivery: InboundDelivery) async throws(ThreadStoreError) -> InboundReceipt {
        let providerMessageID = try ThreadStoreInput.optionalProviderID(delivery.providerMessageID)
        guard let number = try await businessNumber(phone: delivery.to) else {
            throw .unknownNumber(delivery.to)
        }
        let contact = try await findOrCreateContact(phone: delivery.from)
        let conversation = try await findOrCreateConversation(numberID: number.id, contactID: contact.id)
        let change = delivery.consent(contact.consent)
        let appended = try await appendInbound(
            InboundMessageDraft(
                conversationID: conversation.id, text: delivery.text, providerMessageID: providerMessageID, consent: change))
        var stored = contact
        if appended.inserted, change != nil { stored = (try? await self.contact(id: contact.id)) ?? contact }
        return InboundReceipt(
            message: appended.message, inserted: appended.inserted, contact: stored,
            consentChange: appended.inserted ? change : nil)
    }
}

extension ThreadStoreError {
    /// An inbound message to a number that is not one of the business's.
    static func unknownNumber(_ phone: PhoneNumber) -> Self {
        .notFound("\(phone) is not one of the business's numbers; assign it to a rep first.")
    }
}
