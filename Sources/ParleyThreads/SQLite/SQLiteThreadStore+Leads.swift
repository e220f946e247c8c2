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
            // The lead arrives now, whatever the times of its transcript: its thread goes to the top.
            try Self.touch(db, conversation.id, at: lead.createdAt)
            try Self.record(db, .leadAdded, conversationID: conversationID, at: lead.createdAt)
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

    public func leads(repID: UUID?, pickedUp: Bool?, limit: Int) async throws(ThreadStoreError) -> [Lead] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list leads") { db in
            var sql = """
                SELECT leads.* FROM leads
                JOIN conversations ON conversations.id = leads.conversation_id
                JOIN business_numbers ON business_numbers.id = conversations.number_id
                WHERE 1
                """
            var arguments: StatementArguments = []
            if let repID {
                _ = try Self.rep(db, repID)
                sql += " AND business_numbers.rep_id = ?"
                arguments += [repID.databaseText]
            }
            if let pickedUp {
                sql += pickedUp ? " AND leads.picked_up_at IS NOT NULL" : " AND leads.picked_up_at IS NULL"
            }
            sql += " ORDER BY leads.created_at DESC, leads.rowid DESC LIMIT ?"
            arguments += [limit]
            return try LeadRecord.fetchAll(db, sql: sql, arguments: arguments).map { try $0.model() }
        }
    }

    public func pickUpLead(id: UUID, repID: UUID) async throws(ThreadStoreError) -> Lead {
        let at = now()
        return try await write("pick up a lead") { db in
            _ = try Self.rep(db, repID)
            try db.execute(
                sql: "UPDATE leads SET picked_up_by = ?, picked_up_at = ? WHERE id = ? AND picked_up_at IS NULL",
                arguments: [repID.databaseText, at.timeIntervalSince1970, id.databaseText])
            let pickedNow = db.changesCount > 0
            guard let record = try LeadRecord.fetchOne(db, key: id.databaseText) else {
                throw ThreadStoreError.notFound("There is no lead \(id); check the identifier.")
            }
            if pickedNow {
                // Picked up: the rep works on it now, so it leads their list.
                try Self.touch(db, record.conversationID, at: at)
                let conversationID = try RowDecoding.uuid(record.conversationID, "leads.conversation_id")
                try Self.record(db, .leadPickedUp, conversationID: conversationID, at: at)
            }
            return try record.model()
        }
    }
}
