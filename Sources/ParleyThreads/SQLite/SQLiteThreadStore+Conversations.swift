public import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func findOrCreateConversation(numberID: UUID, contactID: UUID) async throws(ThreadStoreError) -> Conversation {
        let now = self.now()
        return try await write("find or create a conversation") { db in
            _ = try Self.number(db, numberID)
            _ = try Self.contact(db, contactID)
            let id = try Self.findOrCreateConversation(db, numberID: numberID, contactID: contactID, at: now)
            return try Self.conversation(db, id).model()
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
        return try await read("list a rep's conversations") { db in
            _ = try Self.rep(db, repID)
            // The page, filtered, ordered and bounded in one inner query; then its contacts, numbers
            // and newest messages joined to those rows only.
            var page = """
                SELECT conversations.* FROM conversations
                JOIN business_numbers ON business_numbers.id = conversations.number_id
                """
            var arguments: StatementArguments = []
            if search != nil { page += " JOIN contacts ON contacts.id = conversations.contact_id" }
            page += " WHERE business_numbers.rep_id = ?"
            arguments += [repID.databaseText]
            if let state {
                page += " AND conversations.state = ?"
                arguments += [state.rawValue]
            }
            if let after {
                page += " AND (conversations.activity_at, conversations.id) < (?, ?)"
                arguments += [after.activityAt.timeIntervalSince1970, after.id.databaseText]
            }
            if let search {
                let match = Self.contactMatch(search)
                page += " AND " + match.sql
                arguments += match.arguments
            }
            page += " ORDER BY conversations.activity_at DESC, conversations.id DESC LIMIT ?"
            arguments += [limit]
            let sql = """
                SELECT page.*, contacts.*, business_numbers.*, messages.*
                FROM (\(page)) AS page
                JOIN contacts ON contacts.id = page.contact_id
                JOIN business_numbers ON business_numbers.id = page.number_id
                LEFT JOIN messages ON messages.conversation_id = page.id AND messages.sequence = (
                    SELECT MAX(newest.sequence) FROM messages AS newest WHERE newest.conversation_id = page.id)
                ORDER BY page.activity_at DESC, page.id DESC
                """
            let adapters = splittingRowAdapters(columnCounts: [
                try db.columns(in: ConversationRecord.databaseTableName).count,
                try db.columns(in: ContactRecord.databaseTableName).count,
                try db.columns(in: BusinessNumberRecord.databaseTableName).count,
            ])
            let adapter = ScopeAdapter([
                "conversation": adapters[0], "contact": adapters[1], "number": adapters[2], "message": adapters[3],
            ])
            return try Row.fetchAll(db, sql: sql, arguments: arguments, adapter: adapter).map { row in
                // No message yet: the LEFT JOIN's columns are NULL.
                let message = row.scopes["message"].flatMap { scope in (scope["id"] as String?) == nil ? nil : scope }
                return ConversationSummary(
                    conversation: try ConversationRecord(row: row.scopes["conversation"]!).model(),
                    contact: try ContactRecord(row: row.scopes["contact"]!).model(),
                    number: try BusinessNumberRecord(row: row.scopes["number"]!).model(),
                    lastMessage: try message.map { try MessageRecord(row: $0).model() }
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
