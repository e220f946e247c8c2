#if PostgreSQL
public import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
    public func createWebSession(_ session: WebSessionRecord) async throws(ThreadStoreError) {
        try await write("start a web session") { connection, _ in
            _ = try await Self.rep(connection, session.personID, logger)
            try await connection.run(
                """
                INSERT INTO web_sessions (digest, person_id, csrf_token, created_at, last_seen)
                VALUES (\(session.digest), \(session.personID), \(session.csrfToken), \(session.createdAt.timeIntervalSince1970),
                    \(session.lastSeen.timeIntervalSince1970))
                """,
                logger: logger
            )
        }
    }

    public func webSession(digest: String) async throws(ThreadStoreError) -> WebSessionRecord? {
        try await read("read a web session") { connection in
            try await connection.row("SELECT * FROM web_sessions WHERE digest = \(digest)", logger: logger).map(Self.webSession)
        }
    }

    public func webSessions(digests: Set<String>) async throws(ThreadStoreError) -> [WebSessionRecord] {
        guard !digests.isEmpty else { return [] }
        return try await read("read web sessions") { connection in
            try await connection.rows("SELECT * FROM web_sessions WHERE digest = ANY(\(Array(digests)))", logger: logger)
                .map(Self.webSession)
        }
    }

    public func touchWebSession(digest: String, at: Date) async throws(ThreadStoreError) {
        try await write("record a web session's request") { connection, _ in
            try await connection.run(
                "UPDATE web_sessions SET last_seen = \(at.timeIntervalSince1970) WHERE digest = \(digest)", logger: logger)
        }
    }

    public func deleteWebSession(digest: String) async throws(ThreadStoreError) {
        try await write("end a web session") { connection, _ in
            try await connection.run("DELETE FROM web_sessions WHERE digest = \(digest)", logger: logger)
        }
    }

    @discardableResult
    public func deleteWebSessions(lastSeenBefore before: Date) async throws(ThreadStoreError) -> Int {
        try await write("end idle web sessions") { connection, _ in
            try await connection.rows(
                "DELETE FROM web_sessions WHERE last_seen < \(before.timeIntervalSince1970) RETURNING digest", logger: logger
            ).count
        }
    }

    static func webSession(_ row: PostgresRandomAccessRow) throws -> WebSessionRecord {
        WebSessionRecord(
            digest: try row["digest"].decode(String.self), personID: try row["person_id"].decode(UUID.self),
            csrfToken: try row["csrf_token"].decode(String.self),
            createdAt: RowDecoding.date(try row["created_at"].decode(Double.self)),
            lastSeen: RowDecoding.date(try row["last_seen"].decode(Double.self)))
    }
}
#endif
