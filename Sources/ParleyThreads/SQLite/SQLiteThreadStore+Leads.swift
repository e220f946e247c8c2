public import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func createLead(
        contactID: UUID,
        conversationID: UUID,
        source: String,
        transcript: [LeadTurn]
    ) async throws(ThreadStoreError) -> Lead {
        let source = try ThreadStoreInput.required(source, "A lead's source")
        let lead = Lead(
            id: UUID(),
            contactID: contactID,
            conversationID: conversationID,
            source: source,
            transcript: transcript,
            createdAt: now()
        )
        return try await write("create a lead") { db in
            _ = try Self.contact(db, contactID)
            let conversation = try Self.conversation(db, conversationID)
            guard conversation.contactID == contactID.databaseText else {
                throw ThreadStoreError.invalidInput(
                    "Conversation \(conversationID) is not with contact \(contactID); pass the contact's conversation."
                )
            }
            try LeadRecord(lead).insert(db)
            return lead
        }
    }

    public func lead(id: UUID) async throws(ThreadStoreError) -> Lead {
        try await read("read a lead") { db in
            guard let record = try LeadRecord.fetchOne(db, key: id.databaseText) else {
                throw ThreadStoreError.notFound("There is no lead \(id); check the identifier.")
            }
            return try record.model()
        }
    }

    public func leads(contactID: UUID) async throws(ThreadStoreError) -> [Lead] {
        try await read("list a contact's leads") { db in
            try LeadRecord
                .filter(LeadRecord.Columns.contactID == contactID.databaseText)
                .order(LeadRecord.Columns.createdAt, Column.rowID)
                .fetchAll(db)
                .map { try $0.model() }
        }
    }
}
