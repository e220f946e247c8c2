public import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func findOrCreateConversation(numberID: UUID, contactID: UUID) async throws(ThreadStoreError) -> Conversation {
        let now = self.now()
        return try await write("find or create a conversation") { db in
            _ = try Self.number(db, numberID)
            _ = try Self.contact(db, contactID)
            let existing = try ConversationRecord
                .filter(ConversationRecord.Columns.numberID == numberID.databaseText)
                .filter(ConversationRecord.Columns.contactID == contactID.databaseText)
                .fetchOne(db)
            if let existing { return try existing.model() }
            let conversation = Conversation(
                id: UUID(),
                numberID: numberID,
                contactID: contactID,
                lastMessageAt: nil,
                unreadCount: 0,
                createdAt: now,
                activityAt: now
            )
            try ConversationRecord(conversation).insert(db)
            try Self.record(db, .conversationUpdated, conversationID: conversation.id, at: now)
            return conversation
        }
    }

    public func conversation(numberID: UUID, contactID: UUID) async throws(ThreadStoreError) -> Conversation? {
        try await read("read a conversation") { db in
            try ConversationRecord
                .filter(ConversationRecord.Columns.numberID == numberID.databaseText)
                .filter(ConversationRecord.Columns.contactID == contactID.databaseText)
                .fetchOne(db)?.model()
        }
    }

    public func conversation(id: UUID) async throws(ThreadStoreError) -> Conversation {
        try await read("read a conversation") { db in try Self.conversation(db, id).model() }
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
        return try await read("list a rep's conversations") { db in
            _ = try Self.rep(db, repID)
            var sql = """
                SELECT conversations.* FROM conversations
                JOIN business_numbers ON business_numbers.id = conversations.number_id
                WHERE business_numbers.rep_id = ?
                """
            var arguments: StatementArguments = [repID.databaseText]
            if let before {
                sql += " AND conversations.activity_at < ?"
                arguments += [before.timeIntervalSince1970]
            }
            if let state {
                sql += " AND conversations.state = ?"
                arguments += [state.rawValue]
            }
            sql += " ORDER BY conversations.activity_at DESC, conversations.id DESC LIMIT ?"
            arguments += [limit]
            let conversations = try ConversationRecord.fetchAll(db, sql: sql, arguments: arguments)

            var numbers: [UUID: BusinessNumber] = [:]
            return try conversations.map { record in
                let conversation = try record.model()
                let number = try numbers[conversation.numberID] ?? Self.number(db, conversation.numberID)
                numbers[conversation.numberID] = number
                let lastMessage = try MessageRecord
                    .filter(MessageRecord.Columns.conversationID == record.id)
                    .order(MessageRecord.Columns.sequence.desc)
                    .fetchOne(db)?
                    .model()
                return ConversationSummary(
                    conversation: conversation,
                    contact: try Self.contact(db, conversation.contactID).model(),
                    number: number,
                    lastMessage: lastMessage
                )
            }
        }
    }

    public func markRead(conversationID: UUID) async throws(ThreadStoreError) -> Conversation {
        let now = self.now()
        return try await write("mark a conversation read") { db in
            var record = try Self.conversation(db, conversationID)
            if record.unreadCount != 0 {
                record.unreadCount = 0
                try record.update(db)
                try Self.record(db, .conversationUpdated, conversationID: conversationID, at: now)
            }
            return try record.model()
        }
    }

    // MARK: Inbox

    public func setConversationState(id: UUID, _ state: Conversation.State) async throws(ThreadStoreError) -> Conversation {
        let now = self.now()
        return try await write("mark a conversation \(state.rawValue)") { db in
            var record = try Self.conversation(db, id)
            if record.state != state.rawValue {
                record.state = state.rawValue
                try record.update(db)
                try Self.record(db, .stateChanged, conversationID: id, at: now)
            }
            return try record.model()
        }
    }

    /// Moves a conversation's activity time forward to `at` (never back), inside a write.
    static func touch(_ db: Database, _ conversationID: String, at: Date) throws {
        try db.execute(
            sql: "UPDATE conversations SET activity_at = MAX(activity_at, ?) WHERE id = ?",
            arguments: [at.timeIntervalSince1970, conversationID])
    }
}
