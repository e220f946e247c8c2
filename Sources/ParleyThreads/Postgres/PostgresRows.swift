#if PostgreSQL
internal import Foundation
internal import PostgresNIO

/// Turning PostgreSQL rows (`SELECT *`) into model values.
enum PostgresRows {
    static func rep(_ row: PostgresRandomAccessRow) throws -> Rep {
        Rep(
            id: try row["id"].decode(UUID.self),
            name: try row["name"].decode(String.self),
            email: try row["email"].decode(String.self),
            role: try RowDecoding.value(try row["role"].decode(String.self), "reps.role"),
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self)),
            deactivatedAt: try row["deactivated_at"].decode(Double?.self).map(RowDecoding.date)
        )
    }

    static func accessKey(_ row: PostgresRandomAccessRow) throws -> StoredAccessKey {
        StoredAccessKey(
            id: try row["id"].decode(UUID.self),
            digest: try row["digest"].decode(String.self),
            personID: try row["person_id"].decode(UUID?.self),
            label: try row["label"].decode(String.self),
            hint: try row["hint"].decode(String.self),
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self)),
            createdBy: try row["created_by"].decode(String.self),
            revokedAt: try row["revoked_at"].decode(Double?.self).map(RowDecoding.date),
            lastUsedAt: try row["last_used_at"].decode(Double?.self).map(RowDecoding.date)
        )
    }

    static func number(_ row: PostgresRandomAccessRow) throws -> BusinessNumber {
        BusinessNumber(
            id: try row["id"].decode(UUID.self),
            phone: try RowDecoding.phone(try row["phone"].decode(String.self), "business_numbers.phone"),
            repID: try row["rep_id"].decode(UUID.self),
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self))
        )
    }

    static func contact(_ row: PostgresRandomAccessRow) throws -> Contact {
        Contact(
            id: try row["id"].decode(UUID.self),
            phone: try RowDecoding.phone(try row["phone"].decode(String.self), "contacts.phone"),
            name: try row["name"].decode(String?.self),
            preferredLanguage: try RowDecoding.language(
                try row["preferred_language"].decode(String?.self), "contacts.preferred_language"),
            languageSource: try row["language_source"].decode(String?.self).map { text throws(ThreadStoreError) in
                try RowDecoding.value(text, "contacts.language_source")
            },
            formality: try row["formality"].decode(String?.self).map { text throws(ThreadStoreError) in
                try RowDecoding.value(text, "contacts.formality")
            },
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self)),
            consent: try consent(row)
        )
    }

    /// A contact's consent from its columns; nil when the contact never said.
    static func consent(_ row: PostgresRandomAccessRow) throws -> Consent? {
        guard let state = try row["consent_state"].decode(String?.self) else { return nil }
        guard let at = try row["consent_at"].decode(Double?.self) else {
            throw RowDecoding.damaged("contacts.consent_at", "NULL")
        }
        return Consent(
            state: try RowDecoding.value(state, "contacts.consent_state"),
            at: RowDecoding.date(at),
            messageID: try row["consent_message_id"].decode(UUID?.self),
            keyword: try row["consent_keyword"].decode(String?.self)
        )
    }

    static func conversation(_ row: PostgresRandomAccessRow) throws -> Conversation {
        Conversation(
            id: try row["id"].decode(UUID.self),
            numberID: try row["number_id"].decode(UUID.self),
            contactID: try row["contact_id"].decode(UUID.self),
            lastMessageAt: try row["last_message_at"].decode(Double?.self).map(RowDecoding.date),
            unreadCount: try row["unread_count"].decode(Int.self),
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self)),
            activityAt: RowDecoding.date(try row["activity_at"].decode(Double.self)),
            state: try RowDecoding.value(try row["state"].decode(String.self), "conversations.state")
        )
    }

    static func message(_ row: PostgresRandomAccessRow) throws -> Message {
        Message(
            id: try row["id"].decode(UUID.self),
            conversationID: try row["conversation_id"].decode(UUID.self),
            sequence: try row["sequence"].decode(Int64.self),
            direction: try RowDecoding.value(try row["direction"].decode(String.self), "messages.direction"),
            original: try row["original"].decode(String.self),
            detectedLanguage: try RowDecoding.language(
                try row["detected_language"].decode(String?.self), "messages.detected_language"),
            confidence: try row["confidence"].decode(Double?.self),
            shownText: try row["shown_text"].decode(String.self),
            sentText: try row["sent_text"].decode(String?.self),
            translationStatus: try RowDecoding.value(
                try row["translation_status"].decode(String.self), "messages.translation_status"),
            translationError: try row["translation_error"].decode(String?.self),
            provenance: try row["provenance"].decode(String?.self).map { text throws(ThreadStoreError) in
                try RowDecoding.json(MessageProvenance.self, text, "messages.provenance")
            },
            deliveryStatus: try RowDecoding.value(
                try row["delivery_status"].decode(String.self), "messages.delivery_status"),
            providerMessageID: try row["provider_message_id"].decode(String?.self),
            leadID: try row["lead_id"].decode(UUID?.self),
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self)),
            updatedAt: RowDecoding.date(try row["updated_at"].decode(Double.self)),
            sentBy: try row["sent_by"].decode(UUID?.self)
        )
    }

    static func template(_ row: PostgresRandomAccessRow) throws -> StoredTemplate {
        StoredTemplate(
            id: try row["id"].decode(UUID.self),
            repID: try row["rep_id"].decode(UUID?.self),
            name: try row["name"].decode(String.self),
            text: try row["text"].decode(String.self),
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self)),
            updatedAt: RowDecoding.date(try row["updated_at"].decode(Double.self))
        )
    }

    static func lead(_ row: PostgresRandomAccessRow) throws -> Lead {
        Lead(
            id: try row["id"].decode(UUID.self),
            contactID: try row["contact_id"].decode(UUID.self),
            conversationID: try row["conversation_id"].decode(UUID.self),
            source: try row["source"].decode(String.self),
            transcript: try RowDecoding.json([LeadTurn].self, try row["transcript"].decode(String.self), "leads.transcript"),
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self)),
            pickedUpBy: try row["picked_up_by"].decode(UUID?.self),
            pickedUpAt: try row["picked_up_at"].decode(Double?.self).map(RowDecoding.date)
        )
    }

    static func job(_ row: PostgresRandomAccessRow) throws -> Job {
        Job(
            id: try row["id"].decode(UUID.self),
            kind: try RowDecoding.value(try row["kind"].decode(String.self), "jobs.kind"),
            subjectID: try row["subject_id"].decode(UUID.self),
            state: try RowDecoding.value(try row["state"].decode(String.self), "jobs.state"),
            attempts: try row["attempts"].decode(Int.self),
            runAfter: RowDecoding.date(try row["run_after"].decode(Double.self)),
            leaseOwner: try row["lease_owner"].decode(String?.self),
            leaseExpiresAt: try row["lease_expires_at"].decode(Double?.self).map(RowDecoding.date),
            lastError: try row["last_error"].decode(String?.self),
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self)),
            updatedAt: RowDecoding.date(try row["updated_at"].decode(Double.self))
        )
    }

    static func preview(_ row: PostgresRandomAccessRow) throws -> StoredPreview {
        StoredPreview(
            token: try row["token"].decode(String.self),
            conversationID: try row["conversation_id"].decode(UUID.self),
            payload: try row["payload"].decode(String.self),
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self)),
            expiresAt: RowDecoding.date(try row["expires_at"].decode(Double.self))
        )
    }

    static func event(_ row: PostgresRandomAccessRow) throws -> ThreadEvent {
        ThreadEvent(
            id: try row["id"].decode(Int64.self),
            conversationID: try row["conversation_id"].decode(UUID.self),
            kind: try RowDecoding.value(try row["kind"].decode(String.self), "thread_events.kind"),
            messageID: try row["message_id"].decode(UUID?.self),
            at: RowDecoding.date(try row["at"].decode(Double.self))
        )
    }

    static func glossaryChange(_ row: PostgresRandomAccessRow) throws -> GlossaryChange {
        GlossaryChange(
            id: try row["id"].decode(Int64.self),
            industry: try row["industry"].decode(String.self),
            version: try row["version"].decode(String.self),
            author: try row["author"].decode(String.self),
            action: try row["action"].decode(String.self),
            at: RowDecoding.date(try row["at"].decode(Double.self)),
            detail: try row["detail"].decode(String.self)
        )
    }

    static func memoryEntry(_ row: PostgresRandomAccessRow) throws -> StoredMemoryEntry {
        StoredMemoryEntry(
            id: try row["id"].decode(UUID.self),
            industry: try row["industry"].decode(String.self),
            sourceLanguage: try RowDecoding.language(
                try row["source_language"].decode(String.self), "memory_entries.source_language"),
            targetLanguage: try RowDecoding.language(
                try row["target_language"].decode(String.self), "memory_entries.target_language"),
            source: try row["source"].decode(String.self),
            sourceKey: try row["source_key"].decode(String.self),
            target: try row["target"].decode(String.self),
            status: try RowDecoding.value(try row["status"].decode(String.self), "memory_entries.status"),
            origin: try RowDecoding.value(try row["origin"].decode(String.self), "memory_entries.origin"),
            note: try row["note"].decode(String?.self),
            machineTarget: try row["machine_target"].decode(String?.self),
            messageID: try row["message_id"].decode(UUID?.self),
            externalID: try row["external_id"].decode(String?.self),
            createdBy: try row["created_by"].decode(String.self),
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self)),
            reviewedBy: try row["reviewed_by"].decode(String?.self),
            reviewedAt: try row["reviewed_at"].decode(Double?.self).map(RowDecoding.date),
            updatedAt: RowDecoding.date(try row["updated_at"].decode(Double.self))
        )
    }

    static func memoryHistoryEntry(_ row: PostgresRandomAccessRow) throws -> MemoryHistoryEntry {
        MemoryHistoryEntry(
            id: try row["id"].decode(Int64.self),
            entryID: try row["entry_id"].decode(UUID.self),
            at: RowDecoding.date(try row["at"].decode(Double.self)),
            by: try row["by"].decode(String.self),
            action: try RowDecoding.value(try row["action"].decode(String.self), "memory_history.action"),
            target: try row["target"].decode(String.self),
            note: try row["note"].decode(String?.self)
        )
    }
}

extension PostgresConnection {
    /// Every row of a query's result.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await self.answered(query, logger: logger) { rows.append(row.makeRandomAccess()) }
        return rows
    }

    /// The first row of a query's result, if there is one.
    func row(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRandomAccessRow? {
        try await rows(query, logger: logger).first
    }

    /// Runs a statement and discards its rows.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.answered(query, logger: logger) {}
    }
}
#endif
