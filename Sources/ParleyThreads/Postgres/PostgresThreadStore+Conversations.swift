#if PostgreSQL
public import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
    public func findOrCreateConversation(numberID: UUID, contactID: UUID) async throws(ThreadStoreError) -> Conversation {
        let now = self.now()
        let conversation = Conversation(
            id: .timeOrdered(at: now),
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
        try await conversations(
            repID: repID, state: state, search: nil, limit: limit, after: before.map(ConversationCursor.init(before:)))
    }

    public func conversations(
        repID: UUID, state: Conversation.State?, search: String?, limit: Int, after: ConversationCursor?
    ) async throws(ThreadStoreError) -> [ConversationSummary] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        let search = try search.flatMap { text throws(ThreadStoreError) -> ContactSearch? in
            text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : try ContactSearch(text)
        }
        return try await read("list a rep's conversations") { connection in
            _ = try await Self.rep(connection, repID, logger)
            // The page: filters, order and bound in one query. Each of the rep's numbers gives its
            // newest conversations by its (number_id, activity_at) index, so the list reads a page per
            // number, never all the rep's conversations; a search keeps the conversations whose contact
            // the trigram indexes find.
            var bindings = PostgresBindings()
            bindings.append(repID)
            bindings.append(limit)
            var sql = """
                SELECT page.* FROM business_numbers CROSS JOIN LATERAL (
                    SELECT conversations.* FROM conversations WHERE conversations.number_id = business_numbers.id
                """
            if let state {
                bindings.append(state.rawValue)
                sql += " AND conversations.state = $\(bindings.count)"
            }
            if let after {
                bindings.append(after.activityAt.timeIntervalSince1970)
                bindings.append(after.id)
                sql += " AND (conversations.activity_at, conversations.id) < ($\(bindings.count - 1), $\(bindings.count))"
            }
            if let search {
                sql += " AND conversations.contact_id IN (SELECT contacts.id FROM contacts WHERE "
                sql += Self.contactMatch(search, &bindings) + ")"
            }
            sql += """

                    ORDER BY conversations.activity_at DESC, conversations.id DESC LIMIT $2) AS page
                WHERE business_numbers.rep_id = $1
                ORDER BY page.activity_at DESC, page.id DESC LIMIT $2
                """
            let conversations = try await connection.rows(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
                .map { try PostgresRows.conversation($0) }
            guard !conversations.isEmpty else { return [] }

            // Then what the rows show, one query each for the whole page.
            let ids = conversations.map(\.id)
            let contactIDs = Array(Set(conversations.map(\.contactID)))
            let numberIDs = Array(Set(conversations.map(\.numberID)))
            var contacts: [UUID: Contact] = [:]
            for row in try await connection.rows("SELECT * FROM contacts WHERE id = ANY(\(contactIDs))", logger: logger) {
                let contact = try PostgresRows.contact(row)
                contacts[contact.id] = contact
            }
            var numbers: [UUID: BusinessNumber] = [:]
            for row in try await connection.rows(
                "SELECT * FROM business_numbers WHERE id = ANY(\(numberIDs))", logger: logger)
            {
                let number = try PostgresRows.number(row)
                numbers[number.id] = number
            }
            var newest: [UUID: Message] = [:]
            for row in try await connection.rows(
                """
                SELECT newest.* FROM unnest(\(ids)::uuid[]) AS page (id)
                CROSS JOIN LATERAL (
                    SELECT * FROM messages WHERE messages.conversation_id = page.id ORDER BY sequence DESC LIMIT 1
                ) AS newest
                """,
                logger: logger)
            {
                let message = try PostgresRows.message(row)
                newest[message.conversationID] = message
            }
            return try conversations.map { conversation in
                guard let contact = contacts[conversation.contactID], let number = numbers[conversation.numberID] else {
                    throw ThreadStoreError(
                        code: .database, message: "A conversation's contact or number vanished while the list was read; retry.")
                }
                return ConversationSummary(
                    conversation: conversation, contact: contact, number: number, lastMessage: newest[conversation.id])
            }
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
#endif
