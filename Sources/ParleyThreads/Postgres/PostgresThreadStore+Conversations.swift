public import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
    public func findOrCreateConversation(numberID: UUID, contactID: UUID) async throws(ThreadStoreError) -> Conversation {
        let now = self.now()
        let conversation = Conversation(
            id: UUID(),
            numberID: numberID,
            contactID: contactID,
            lastMessageAt: nil,
            unreadCount: 0,
            createdAt: now,
            activityAt: now
        )
        return try await write("find or create a conversation") { connection, events in
            _ = try await Self.number(connection, numberID, logger)
            _ = try await Self.contact(connection, contactID, logger)
            let at = now.timeIntervalSince1970
            let inserted = try await connection.row(
                """
                INSERT INTO conversations (id, number_id, contact_id, last_message_at, activity_at, unread_count, created_at)
                VALUES (\(conversation.id), \(numberID), \(contactID), NULL, \(at), 0, \(at))
                ON CONFLICT (number_id, contact_id) DO NOTHING RETURNING id
                """,
                logger: logger
            )
            if inserted != nil {
                events.record(.conversationUpdated, conversationID: conversation.id, at: now)
                return conversation
            }
            guard
                let row = try await connection.row(
                    "SELECT * FROM conversations WHERE number_id = \(numberID) AND contact_id = \(contactID)",
                    logger: logger
                )
            else {
                throw ThreadStoreError(code: .database, message: "The conversation vanished while it was looked up; retry.")
            }
            return try PostgresRows.conversation(row)
        }
    }

    public func conversation(numberID: UUID, contactID: UUID) async throws(ThreadStoreError) -> Conversation? {
        try await read("read a conversation") { connection in
            try await connection.row(
                "SELECT * FROM conversations WHERE number_id = \(numberID) AND contact_id = \(contactID)", logger: logger
            ).map { try PostgresRows.conversation($0) }
        }
    }

    public func conversation(id: UUID) async throws(ThreadStoreError) -> Conversation {
        try await read("read a conversation") { connection in try await Self.conversation(connection, id, logger) }
    }

    public func conversations(
        repID: UUID,
        limit: Int,
        before: Date?
    ) async throws(ThreadStoreError) -> [ConversationSummary] {
        try await conversations(repID: repID, state: nil, limit: limit, before: before)
    }

    public func conversations(
        repID: UUID,
        state: Conversation.State?,
        limit: Int,
        before: Date?
    ) async throws(ThreadStoreError) -> [ConversationSummary] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list a rep's conversations") { connection in
            _ = try await Self.rep(connection, repID, logger)
            // NULL bounds and filters match every row.
            let query: PostgresQuery = """
                SELECT conversations.* FROM conversations
                JOIN business_numbers ON business_numbers.id = conversations.number_id
                WHERE business_numbers.rep_id = \(repID)
                    AND (\(before?.timeIntervalSince1970)::double precision IS NULL
                        OR conversations.activity_at < \(before?.timeIntervalSince1970))
                    AND (\(state?.rawValue)::text IS NULL OR conversations.state = \(state?.rawValue))
                ORDER BY conversations.activity_at DESC, conversations.id DESC LIMIT \(limit)
                """
            var numbers: [UUID: BusinessNumber] = [:]
            var summaries: [ConversationSummary] = []
            for row in try await connection.rows(query, logger: logger) {
                let conversation = try PostgresRows.conversation(row)
                let number: BusinessNumber
                if let known = numbers[conversation.numberID] {
                    number = known
                } else {
                    number = try await Self.number(connection, conversation.numberID, logger)
                    numbers[conversation.numberID] = number
                }
                let lastMessage = try await connection.row(
                    "SELECT * FROM messages WHERE conversation_id = \(conversation.id) ORDER BY sequence DESC LIMIT 1",
                    logger: logger
                ).map(PostgresRows.message)
                summaries.append(
                    ConversationSummary(
                        conversation: conversation,
                        contact: try await Self.contact(connection, conversation.contactID, logger),
                        number: number,
                        lastMessage: lastMessage
                    )
                )
            }
            return summaries
        }
    }

    public func markRead(conversationID: UUID) async throws(ThreadStoreError) -> Conversation {
        let now = self.now()
        return try await write("mark a conversation read") { connection, events in
            if let row = try await connection.row(
                "UPDATE conversations SET unread_count = 0 WHERE id = \(conversationID) AND unread_count <> 0 RETURNING *",
                logger: logger
            ) {
                events.record(.conversationUpdated, conversationID: conversationID, at: now)
                return try PostgresRows.conversation(row)
            }
            return try await Self.conversation(connection, conversationID, logger)
        }
    }

    // MARK: Inbox

    public func setConversationState(id: UUID, _ state: Conversation.State) async throws(ThreadStoreError) -> Conversation {
        let now = self.now()
        return try await write("mark a conversation \(state.rawValue)") { connection, events in
            if let row = try await connection.row(
                "UPDATE conversations SET state = \(state.rawValue) WHERE id = \(id) AND state <> \(state.rawValue) RETURNING *",
                logger: logger
            ) {
                events.record(.stateChanged, conversationID: id, at: now)
                return try PostgresRows.conversation(row)
            }
            return try await Self.conversation(connection, id, logger)
        }
    }

    /// Moves a conversation's activity time forward to `at` (never back), inside a write.
    static func touch(_ connection: PostgresConnection, _ conversationID: UUID, at: Date, _ logger: Logger) async throws {
        try await connection.run(
            "UPDATE conversations SET activity_at = GREATEST(activity_at, \(at.timeIntervalSince1970)) WHERE id = \(conversationID)",
            logger: logger)
    }
}
