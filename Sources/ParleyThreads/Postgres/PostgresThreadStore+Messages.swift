#if PostgreSQL
public import Foundation
public import ParleyLanguage
internal import PostgresNIO

extension PostgresThreadStore {
    public func appendInbound(_ draft: InboundMessageDraft) async throws(ThreadStoreError) -> AppendedMessage {
        let providerMessageID = try ThreadStoreInput.optionalProviderID(draft.providerMessageID)
        let now = self.now()
        return try await write("append an inbound message") { connection, events in
            let conversation = try await Self.conversation(connection, draft.conversationID, lock: true, logger)
            if let providerMessageID,
                let existing = try await Self.message(connection, providerMessageID: providerMessageID, logger)
            {
                return AppendedMessage(message: existing, inserted: false)
            }
            let message = draft.message(sequence: try await Self.nextSequence(connection, conversation.id, logger), providerMessageID: providerMessageID, now: now)
            guard try await Self.insert(connection, message, logger) else {
                // Another replica stored the same webhook (in another conversation's transaction)
                // between the lookup and the insert; the insert waited for its commit.
                guard let providerMessageID,
                    let existing = try await Self.message(connection, providerMessageID: providerMessageID, logger)
                else {
                    throw ThreadStoreError(code: .database, message: "A message insert conflicted with nothing; retry.")
                }
                return AppendedMessage(message: existing, inserted: false)
            }
            try await Self.added(connection, message, unread: 1, events: events, at: now, logger)
            // A new message from the contact opens a conversation the rep had marked done.
            if conversation.state != .open {
                try await connection.run(
                    "UPDATE conversations SET state = \(Conversation.State.open.rawValue) WHERE id = \(conversation.id)", logger: logger)
                events.record(.stateChanged, conversationID: conversation.id, at: now)
            }
            if message.translationStatus == .pending {
                _ = try await Self.enqueue(connection, .translateInbound, subjectID: message.id, runAfter: now, now: now, logger)
            }
            if let change = draft.consent {
                let consent = Consent(
                    state: change.state, at: message.createdAt, messageID: message.id, keyword: change.keyword)
                _ = try await Self.setConsent(connection, contactID: conversation.contactID, consent, logger)
                events.record(.consentChanged, conversationID: message.conversationID, messageID: message.id, at: now)
            }
            return AppendedMessage(message: message, inserted: true)
        }
    }

    public func appendOutbound(_ draft: OutboundMessageDraft) async throws(ThreadStoreError) -> Message {
        let providerMessageID = try ThreadStoreInput.optionalProviderID(draft.providerMessageID)
        let now = self.now()
        return try await write("append an outbound message") { connection, events in
            let conversation = try await Self.conversation(connection, draft.conversationID, lock: true, logger)
            let conflict = ThreadStoreError.conflict(
                "A message with the provider identifier \(providerMessageID ?? "") is already stored; "
                    + "update its delivery status instead of appending it again."
            )
            if let providerMessageID,
                try await Self.message(connection, providerMessageID: providerMessageID, logger) != nil
            {
                throw conflict
            }
            let message = draft.message(sequence: try await Self.nextSequence(connection, conversation.id, logger), providerMessageID: providerMessageID, now: now)
            guard try await Self.insert(connection, message, logger) else { throw conflict }
            try await Self.added(connection, message, unread: 0, events: events, at: now, logger)
            if message.deliveryStatus == .queued {
                _ = try await Self.enqueue(connection, .sendOutbound, subjectID: message.id, runAfter: draft.sendAfter ?? now, now: now, logger)
            }
            return message
        }
    }

    public func updateTranslation(
        messageID: UUID,
        _ translation: MessageTranslation
    ) async throws(ThreadStoreError) -> Message {
        let now = self.now()
        return try await write("update a message's translation") { connection, events in
            try await Self.store(connection, translation, messageID: messageID, events: events, at: now, logger)
        }
    }

    public func completeTranslation(
        messageID: UUID, _ translation: MessageTranslation, learning language: LanguageTag?, contactID: UUID,
        jobID: UUID, owner: String
    ) async throws(ThreadStoreError) -> Message {
        let now = self.now()
        let logger = self.logger
        return try await write("store a message's translation") { connection, events in
            let message = try await Self.store(connection, translation, messageID: messageID, events: events, at: now, logger)
            if let language {
                // Only a contact with no language yet: one a person set meanwhile stands.
                try await connection.run(
                    """
                    UPDATE contacts SET preferred_language = \(language.identifier), language_source = \(Contact.LanguageSource.detected.rawValue)
                    WHERE id = \(contactID) AND preferred_language IS NULL
                    """,
                    logger: logger
                )
            }
            let seconds = now.timeIntervalSince1970
            _ = try await Self.finish(
                connection, jobID, owner: owner,
                """
                UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, updated_at = \(seconds)
                WHERE id = \(jobID) AND state = 'running' AND lease_owner = \(owner)
                RETURNING *
                """,
                logger
            )
            return message
        }
    }

    /// Sets a message's translation, locking its row, and records the change as an event.
    static func store(
        _ connection: PostgresConnection, _ translation: MessageTranslation, messageID: UUID, events: PendingEvents,
        at now: Date, _ logger: Logger
    ) async throws -> Message {
        var message = try await Self.message(connection, messageID, lock: true, logger)
        message.apply(translation, at: now)
        try await Self.update(connection, message, logger)
        events.record(.messageUpdated, conversationID: message.conversationID, messageID: message.id, at: now)
        return message
    }

    public func updateDeliveryStatus(
        messageID: UUID,
        _ status: Message.DeliveryStatus,
        providerMessageID: String?
    ) async throws(ThreadStoreError) -> Message {
        let providerMessageID = try ThreadStoreInput.optionalProviderID(providerMessageID)
        let now = self.now()
        return try await write("update a message's delivery status") { connection, events in
            let message = try await Self.message(connection, messageID, lock: true, logger)
            return try await Self.update(
                connection, message, status, providerMessageID: providerMessageID, events: events, at: now, logger)
        }
    }

    public func updateDeliveryStatus(
        providerMessageID: String,
        _ status: Message.DeliveryStatus
    ) async throws(ThreadStoreError) -> Message {
        let now = self.now()
        return try await write("update a message's delivery status") { connection, events in
            guard
                let message = try await Self.message(connection, providerMessageID: providerMessageID, lock: true, logger)
            else {
                throw ThreadStoreError.notFound(
                    "No message has the provider identifier \(providerMessageID); the status callback may be "
                        + "for a message sent outside Parley."
                )
            }
            return try await Self.update(connection, message, status, providerMessageID: nil, events: events, at: now, logger)
        }
    }

    public func message(id: UUID) async throws(ThreadStoreError) -> Message {
        try await read("read a message") { connection in try await Self.message(connection, id, logger) }
    }

    public func messages(
        conversationID: UUID,
        afterSequence: Int64,
        limit: Int
    ) async throws(ThreadStoreError) -> [Message] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list a conversation's messages") { connection in
            _ = try await Self.conversation(connection, conversationID, logger)
            return try await connection.rows(
                """
                SELECT * FROM messages WHERE conversation_id = \(conversationID) AND sequence > \(afterSequence)
                ORDER BY sequence LIMIT \(limit)
                """,
                logger: logger
            ).map(PostgresRows.message)
        }
    }

    public func latestMessages(
        conversationID: UUID,
        beforeSequence: Int64?,
        limit: Int
    ) async throws(ThreadStoreError) -> [Message] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list a conversation's latest messages") { connection in
            _ = try await Self.conversation(connection, conversationID, logger)
            return try await connection.rows(
                """
                SELECT * FROM messages WHERE conversation_id = \(conversationID) AND sequence < \(beforeSequence ?? Int64.max)
                ORDER BY sequence DESC LIMIT \(limit)
                """,
                logger: logger
            ).reversed().map(PostgresRows.message)
        }
    }

    public func messagesPendingTranslation(limit: Int) async throws(ThreadStoreError) -> [Message] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list messages pending translation") { connection in
            try await connection.rows(
                """
                SELECT * FROM messages WHERE translation_status = \(Message.TranslationStatus.pending.rawValue)
                ORDER BY created_at, position LIMIT \(limit)
                """,
                logger: logger
            ).map(PostgresRows.message)
        }
    }

    // MARK: Plumbing

    /// The sequence number of a conversation's next message; the caller holds the conversation's row.
    static func nextSequence(_ connection: PostgresConnection, _ conversationID: UUID, _ logger: Logger) async throws -> Int64 {
        let row = try await connection.row(
            "SELECT COALESCE(MAX(sequence), 0)::bigint AS last FROM messages WHERE conversation_id = \(conversationID)",
            logger: logger
        )
        return (try row?["last"].decode(Int64.self) ?? 0) + 1
    }

    static func message(
        _ connection: PostgresConnection,
        _ id: UUID,
        lock: Bool,
        _ logger: Logger
    ) async throws -> Message {
        let query: PostgresQuery =
            lock ? "SELECT * FROM messages WHERE id = \(id) FOR UPDATE" : "SELECT * FROM messages WHERE id = \(id)"
        guard let row = try await connection.row(query, logger: logger) else {
            throw ThreadStoreError.notFound("There is no message \(id); check the identifier.")
        }
        return try PostgresRows.message(row)
    }

    static func message(
        _ connection: PostgresConnection,
        providerMessageID: String,
        lock: Bool = false,
        _ logger: Logger
    ) async throws -> Message? {
        let query: PostgresQuery =
            lock
            ? "SELECT * FROM messages WHERE provider_message_id = \(providerMessageID) FOR UPDATE"
            : "SELECT * FROM messages WHERE provider_message_id = \(providerMessageID)"
        return try await connection.row(query, logger: logger).map(PostgresRows.message)
    }

    /// Inserts a message; false when another message has its provider identifier.
    static func insert(_ connection: PostgresConnection, _ message: Message, _ logger: Logger) async throws -> Bool {
        try await connection.row(
            """
            INSERT INTO messages (id, conversation_id, sequence, direction, original, detected_language, confidence,
                shown_text, sent_text, translation_status, translation_error, provenance, delivery_status,
                provider_message_id, lead_id, created_at, updated_at, sent_by)
            VALUES (\(message.id), \(message.conversationID), \(message.sequence), \(message.direction.rawValue),
                \(message.original), \(message.detectedLanguage?.identifier), \(message.confidence),
                \(message.shownText), \(message.sentText), \(message.translationStatus.rawValue),
                \(message.translationError), \(message.provenance.map(RowDecoding.jsonText)),
                \(message.deliveryStatus.rawValue), \(message.providerMessageID), \(message.leadID),
                \(message.createdAt.timeIntervalSince1970), \(message.updatedAt.timeIntervalSince1970), \(message.sentBy))
            ON CONFLICT (provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
            RETURNING id
            """,
            logger: logger
        ) != nil
    }

    /// Writes every changeable column of a message.
    static func update(_ connection: PostgresConnection, _ message: Message, _ logger: Logger) async throws {
        try await connection.run(
            """
            UPDATE messages SET detected_language = \(message.detectedLanguage?.identifier),
                confidence = \(message.confidence), shown_text = \(message.shownText), sent_text = \(message.sentText),
                translation_status = \(message.translationStatus.rawValue),
                translation_error = \(message.translationError),
                provenance = \(message.provenance.map(RowDecoding.jsonText)),
                delivery_status = \(message.deliveryStatus.rawValue),
                provider_message_id = \(message.providerMessageID),
                updated_at = \(message.updatedAt.timeIntervalSince1970)
            WHERE id = \(message.id)
            """,
            logger: logger
        )
    }

    /// Moves a conversation's last message and activity times to a new message's (never back), adds
    /// to its unread count, and records both events.
    static func added(
        _ connection: PostgresConnection,
        _ message: Message,
        unread: Int,
        events: PendingEvents,
        at now: Date,
        _ logger: Logger
    ) async throws {
        let at = message.createdAt.timeIntervalSince1970
        try await connection.run(
            """
            UPDATE conversations SET unread_count = unread_count + \(unread),
                last_message_at = GREATEST(COALESCE(last_message_at, \(at)), \(at)),
                activity_at = GREATEST(activity_at, \(at))
            WHERE id = \(message.conversationID)
            """,
            logger: logger
        )
        events.record(.messageAdded, conversationID: message.conversationID, messageID: message.id, at: now)
        events.record(.conversationUpdated, conversationID: message.conversationID, at: now)
    }

    /// Applies a delivery status that moves forward, and a provider identifier the message lacks;
    /// records an event when anything changed.
    static func update(
        _ connection: PostgresConnection,
        _ message: Message,
        _ status: Message.DeliveryStatus,
        providerMessageID: String?,
        events: PendingEvents,
        at now: Date,
        _ logger: Logger
    ) async throws -> Message {
        var message = message
        var changed = false
        if let providerMessageID, providerMessageID != message.providerMessageID {
            if let existing = message.providerMessageID {
                throw ThreadStoreError.conflict(
                    "Message \(message.id) already has the provider identifier \(existing), not "
                        + "\(providerMessageID); update it by that identifier."
                )
            }
            if try await Self.message(connection, providerMessageID: providerMessageID, logger) != nil {
                throw ThreadStoreError.conflict("Another message has the provider identifier \(providerMessageID).")
            }
            message.providerMessageID = providerMessageID
            changed = true
        }
        let current = message.deliveryStatus
        if status != current, current.rank < Message.DeliveryStatus.delivered.rank, status.rank >= current.rank {
            message.deliveryStatus = status
            changed = true
        }
        guard changed else { return message }
        message.updatedAt = now
        try await Self.update(connection, message, logger)
        events.record(.messageUpdated, conversationID: message.conversationID, messageID: message.id, at: now)
        return message
    }
}
#endif
