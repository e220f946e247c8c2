#if PostgreSQL
public import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
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
        return try await write("create a lead") { connection, events in
            _ = try await Self.contact(connection, contactID, logger)
            let conversation = try await Self.conversation(connection, conversationID, logger)
            guard conversation.contactID == contactID else {
                throw ThreadStoreError.invalidInput(
                    "Conversation \(conversationID) is not with contact \(contactID); pass the contact's conversation."
                )
            }
            try await connection.run(
                """
                INSERT INTO leads (id, contact_id, conversation_id, source, transcript, created_at)
                VALUES (\(lead.id), \(contactID), \(conversationID), \(source), \(RowDecoding.jsonText(transcript)),
                    \(lead.createdAt.timeIntervalSince1970))
                """,
                logger: logger
            )
            // The lead arrives now, whatever the times of its transcript: its thread goes to the top.
            try await Self.touch(connection, conversationID, at: lead.createdAt, logger)
            events.record(.leadAdded, conversationID: conversationID, at: lead.createdAt)
            return lead
        }
    }

    public func lead(id: UUID) async throws(ThreadStoreError) -> Lead {
        try await read("read a lead") { connection in
            guard let row = try await connection.row("SELECT * FROM leads WHERE id = \(id)", logger: logger) else {
                throw ThreadStoreError.notFound("There is no lead \(id); check the identifier.")
            }
            return try PostgresRows.lead(row)
        }
    }

    public func leads(contactID: UUID) async throws(ThreadStoreError) -> [Lead] {
        try await read("list a contact's leads") { connection in
            try await connection.rows(
                "SELECT * FROM leads WHERE contact_id = \(contactID) ORDER BY created_at, position",
                logger: logger
            ).map(PostgresRows.lead)
        }
    }

    public func leads(repID: UUID?, pickedUp: Bool?, limit: Int) async throws(ThreadStoreError) -> [Lead] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list leads") { connection in
            if let repID { _ = try await Self.rep(connection, repID, logger) }
            // NULL parameters switch a filter off, so one statement serves every combination.
            return try await connection.rows(
                """
                SELECT leads.* FROM leads
                JOIN conversations ON conversations.id = leads.conversation_id
                JOIN business_numbers ON business_numbers.id = conversations.number_id
                WHERE (\(repID)::uuid IS NULL OR business_numbers.rep_id = \(repID))
                  AND (\(pickedUp)::boolean IS NULL OR (leads.picked_up_at IS NOT NULL) = \(pickedUp))
                ORDER BY leads.created_at DESC, leads.position DESC LIMIT \(limit)
                """,
                logger: logger
            ).map(PostgresRows.lead)
        }
    }

    public func pickUpLead(id: UUID, repID: UUID) async throws(ThreadStoreError) -> Lead {
        let now = self.now()
        let at = now.timeIntervalSince1970
        return try await write("pick up a lead") { connection, events in
            _ = try await Self.rep(connection, repID, logger)
            let picked = try await connection.row(
                """
                UPDATE leads SET picked_up_by = \(repID), picked_up_at = \(at) WHERE id = \(id) AND picked_up_at IS NULL
                RETURNING conversation_id
                """,
                logger: logger
            )
            guard let row = try await connection.row("SELECT * FROM leads WHERE id = \(id)", logger: logger) else {
                throw ThreadStoreError.notFound("There is no lead \(id); check the identifier.")
            }
            let lead = try PostgresRows.lead(row)
            if picked != nil {
                // Picked up: the rep works on it now, so it leads their list.
                try await Self.touch(connection, lead.conversationID, at: now, logger)
                events.record(.leadPickedUp, conversationID: lead.conversationID, at: now)
            }
            return lead
        }
    }
}
#endif
