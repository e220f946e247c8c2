internal import Foundation
internal import GRDB

extension SQLiteThreadStore {
    /// Receives a provider's inbound message (``ThreadStore/receiveInbound(_:)``) in a transaction
    /// shared with the others that arrive while one is in flight: one commit for many webhooks, and
    /// each caller answered only once the commit that holds its message returned.
    public func receiveInbound(_ delivery: InboundDelivery) async throws(ThreadStoreError) -> InboundReceipt {
        var delivery = delivery
        // Stored trimmed, as appendInbound stores it.
        delivery.providerMessageID = try ThreadStoreInput.optionalProviderID(delivery.providerMessageID) ?? ""
        let store = self
        return try await inbound.submit(delivery) { deliveries in await store.receive(deliveries) }.get()
    }

    /// Writes deliveries in one transaction (``writeEach(_:_:itemOperation:_:)``); one outcome per delivery.
    func receive(_ deliveries: [InboundDelivery]) async -> [Result<InboundReceipt, ThreadStoreError>] {
        await writeEach(deliveries, "receive inbound messages", itemOperation: "receive an inbound message") { db, delivery, now in
            try Self.receive(db, delivery, at: now)
        }
    }

    /// Writes the items of a group commit in one transaction, each in a savepoint of its own; one
    /// outcome per item.
    ///
    /// An item's own refusal (an unknown number, a job another worker holds, a broken constraint)
    /// rolls back only its savepoint. Any other failure (a full disk, an I/O error) can end the
    /// whole transaction in SQLite, so it aborts the batch; a batch that failed is then written one
    /// item per transaction, so that each caller gets its own outcome and its own error.
    func writeEach<Item: Sendable, Output: Sendable>(
        _ items: [Item], _ operation: String, itemOperation: String,
        _ body: @escaping @Sendable (Database, Item, Date) throws -> Output
    ) async -> [Result<Output, ThreadStoreError>] {
        let now = self.now
        let path = database.path
        do {
            return try await write(operation) { db in
                try items.map { item in
                    do {
                        var output: Output?
                        try db.inSavepoint {
                            output = try body(db, item, now())
                            return .commit
                        }
                        return .success(output!)
                    } catch {
                        guard Self.refusesOnlyItsItem(error) else { throw error }
                        return .failure(ThreadStoreError(error, operation: itemOperation, path: path))
                    }
                }
            }
        } catch {
            guard items.count > 1 else { return [.failure(error)] }
            var outcomes: [Result<Output, ThreadStoreError>] = []
            for item in items { outcomes += await writeEach([item], operation, itemOperation: itemOperation, body) }
            return outcomes
        }
    }

    /// True for a failure that concerns one item of a group commit and leaves the transaction usable: the
    /// store's own refusals and broken constraints.
    static func refusesOnlyItsItem(_ error: any Error) -> Bool {
        if error is ThreadStoreError { return true }
        if let error = error as? DatabaseError { return error.resultCode == .SQLITE_CONSTRAINT }
        return false
    }

    /// Receives one delivery inside the write transaction.
    static func receive(_ db: Database, _ delivery: InboundDelivery, at now: Date) throws -> InboundReceipt {
        let providerMessageID = delivery.providerMessageID
        guard let number = try BusinessNumberRecord.fetchOne(db, cached: "SELECT * FROM business_numbers WHERE phone = ? LIMIT 1", arguments: [delivery.to.e164])
        else { throw ThreadStoreError.unknownNumber(delivery.to) }
        let numberID = try RowDecoding.uuid(number.id, "business_numbers.id")
        if let existing = try Self.message(db, providerMessageID: providerMessageID) {
            // A repeat: the message as stored, and its contact as it stands.
            let conversation = try Self.conversation(db, try RowDecoding.uuid(existing.conversationID, "messages.conversation_id"))
            let contact = try Self.contact(db, try RowDecoding.uuid(conversation.contactID, "conversations.contact_id"))
            return InboundReceipt(message: try existing.model(), inserted: false, contact: try contact.model(), consentChange: nil)
        }
        let contact = try findOrCreateContact(db, phone: delivery.from, at: now)
        let conversationID = try findOrCreateConversation(db, numberID: numberID, contactID: contact.id, at: now)
        let change = delivery.consent(contact.consent)
        let draft = InboundMessageDraft(
            conversationID: conversationID, text: delivery.text, providerMessageID: providerMessageID, consent: change)
        let appended = try appendInbound(db, draft, providerMessageID: providerMessageID, at: now)
        guard appended.inserted else {
            return InboundReceipt(message: appended.message, inserted: false, contact: contact, consentChange: nil)
        }
        let stored = change == nil ? contact : try Self.contact(db, contact.id).model()
        return InboundReceipt(message: appended.message, inserted: true, contact: stored, consentChange: change)
    }

    /// The contact with a number, created when there is none, inside the write transaction.
    static func findOrCreateContact(_ db: Database, phone: PhoneNumber, at now: Date) throws -> Contact {
        if let existing = try ContactRecord.fetchOne(db, cached: "SELECT * FROM contacts WHERE phone = ? LIMIT 1", arguments: [phone.e164]) {
            return try existing.model()
        }
        let contact = Contact(id: .timeOrdered(at: now), phone: phone, name: nil, preferredLanguage: nil, languageSource: nil, createdAt: now)
        try ContactRecord(contact).insert(db)
        return contact
    }

    /// The conversation between a number and a contact, created (with its event) when there is
    /// none, inside the write transaction.
    static func findOrCreateConversation(_ db: Database, numberID: UUID, contactID: UUID, at now: Date) throws -> UUID {
        if let existing = try ConversationRecord.fetchOne(
            db, cached: "SELECT * FROM conversations WHERE number_id = ? AND contact_id = ? LIMIT 1",
            arguments: [numberID.databaseText, contactID.databaseText])
        {
            return try RowDecoding.uuid(existing.id, "conversations.id")
        }
        let conversation = Conversation(
            id: .timeOrdered(at: now), numberID: numberID, contactID: contactID, lastMessageAt: nil, unreadCount: 0, createdAt: now,
            activityAt: now)
        try ConversationRecord(conversation).insert(db)
        try Self.record(db, .conversationUpdated, conversationID: conversation.id, at: now)
        return conversation.id
    }
}
