#if PostgreSQL
public import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
    public func events(
        after id: Int64,
        conversationIDs: Set<UUID>?,
        limit: Int
    ) async throws(ThreadStoreError) -> [ThreadEvent] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        if let conversationIDs, conversationIDs.isEmpty { return [] }
        return try await read("read thread events") { connection in
            let query: PostgresQuery =
                if let conversationIDs {
                    """
                    SELECT * FROM thread_events WHERE id > \(id) AND conversation_id = ANY(\(Array(conversationIDs)))
                    ORDER BY id LIMIT \(limit)
                    """
                } else {
                    "SELECT * FROM thread_events WHERE id > \(id) ORDER BY id LIMIT \(limit)"
                }
            return try await connection.rows(query, logger: logger).map(PostgresRows.event)
        }
    }

    public func latestEventID() async throws(ThreadStoreError) -> Int64 {
        try await read("read the latest thread event") { connection in
            let row = try await connection.row(
                "SELECT COALESCE(MAX(id), 0)::bigint AS id FROM thread_events",
                logger: logger
            )
            return try row?["id"].decode(Int64.self) ?? 0
        }
    }

    public func deleteEvents(before: Date) async throws(ThreadStoreError) -> Int {
        try await write("delete old thread events") { connection, _ in
            try await connection.rows(
                """
                DELETE FROM thread_events
                WHERE at < \(before.timeIntervalSince1970) AND id < (SELECT MAX(id) FROM thread_events)
                RETURNING id
                """,
                logger: logger
            ).count
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
        let at = now().timeIntervalSince1970
        return try await write("append to the glossary change log") { connection, _ in
            let row = try await connection.row(
                """
                INSERT INTO glossary_changes (industry, version, author, action, at, detail)
                VALUES (\(industry), \(version), \(author), \(action), \(at), \(detail))
                RETURNING *
                """,
                logger: logger
            )
            guard let row else { throw ThreadStoreError(code: .database, message: "The insert returned no row; retry.") }
            return try PostgresRows.glossaryChange(row)
        }
    }

    public func glossaryChanges(industry: String?, limit: Int) async throws(ThreadStoreError) -> [GlossaryChange] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("read the glossary change log") { connection in
            let query: PostgresQuery =
                if let industry {
                    "SELECT * FROM glossary_changes WHERE industry = \(industry) ORDER BY id LIMIT \(limit)"
                } else {
                    "SELECT * FROM glossary_changes ORDER BY id LIMIT \(limit)"
                }
            return try await connection.rows(query, logger: logger).map(PostgresRows.glossaryChange)
        }
    }
}
#endif
