public import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func events(
        after id: Int64,
        conversationIDs: Set<UUID>?,
        limit: Int
    ) async throws(ThreadStoreError) -> [ThreadEvent] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        if let conversationIDs, conversationIDs.isEmpty { return [] }
        return try await read("read thread events") { db in
            var request = ThreadEventRecord.filter(ThreadEventRecord.Columns.id > id)
            if let conversationIDs {
                request = request.filter(conversationIDs.map(\.databaseText).contains(ThreadEventRecord.Columns.conversationID))
            }
            return try request.order(ThreadEventRecord.Columns.id).limit(limit).fetchAll(db).map { try $0.model() }
        }
    }

    public func latestEventID() async throws(ThreadStoreError) -> Int64 {
        try await read("read the latest thread event") { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM thread_events") ?? 0
        }
    }

    public func deleteEvents(before: Date) async throws(ThreadStoreError) -> Int {
        try await write("delete old thread events") { db in
            try db.execute(
                sql: "DELETE FROM thread_events WHERE at < ? AND id < (SELECT MAX(id) FROM thread_events)",
                arguments: [before.timeIntervalSince1970])
            return db.changesCount
        }
    }

    public func appendGlossaryChange(
        industry: String,
        version: String,
        author: String,
        action: String,
        detail: String
    ) async throws(ThreadStoreError) -> GlossaryChange {
        let industry = try ThreadStoreInput.required(industry, "A glossary change's industry")
        let version = try ThreadStoreInput.required(version, "A glossary change's version")
        let author = try ThreadStoreInput.required(author, "A glossary change's author")
        let action = try ThreadStoreInput.required(action, "A glossary change's action")
        guard (try? JSONSerialization.jsonObject(with: Data(detail.utf8), options: .fragmentsAllowed)) != nil else {
            throw .invalidInput("A glossary change's detail must be JSON text, e.g. {\"changes\": []}.")
        }
        let record = GlossaryChangeRecord(
            industry: industry,
            version: version,
            author: author,
            action: action,
            at: now(),
            detail: detail
        )
        return try await write("append to the glossary change log") { db in
            var record = record
            try record.insert(db)
            return record.model()
        }
    }

    public func glossaryChanges(industry: String?, limit: Int) async throws(ThreadStoreError) -> [GlossaryChange] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("read the glossary change log") { db in
            var request = GlossaryChangeRecord.all()
            if let industry { request = request.filter(GlossaryChangeRecord.Columns.industry == industry) }
            return try request.order(GlossaryChangeRecord.Columns.id).limit(limit).fetchAll(db).map { $0.model() }
        }
    }
}
