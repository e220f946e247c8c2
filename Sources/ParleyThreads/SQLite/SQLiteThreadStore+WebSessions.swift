public import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func createWebSession(_ session: WebSessionRecord) async throws(ThreadStoreError) {
        try await write("start a web session") { db in
            _ = try Self.rep(db, session.personID)
            try db.execute(
                sql: "INSERT INTO web_sessions (digest, person_id, csrf_token, created_at, last_seen) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    session.digest, session.personID.databaseText, session.csrfToken, session.createdAt.timeIntervalSince1970,
                    session.lastSeen.timeIntervalSince1970,
                ])
        }
    }

    public func webSession(digest: String) async throws(ThreadStoreError) -> WebSessionRecord? {
        try await read("read a web session") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM web_sessions WHERE digest = ?", arguments: [digest]).map(Self.webSession)
        }
    }

    public func webSessions(digests: Set<String>) async throws(ThreadStoreError) -> [WebSessionRecord] {
        guard !digests.isEmpty else { return [] }
        return try await read("read web sessions") { db in
            var sessions: [WebSessionRecord] = []
            for batch in Self.batches(Array(digests)) {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM web_sessions WHERE digest IN (\(databaseQuestionMarks(count: batch.count)))",
                    arguments: StatementArguments(batch))
                sessions += try rows.map(Self.webSession)
            }
            return sessions
        }
    }

    public func touchWebSession(digest: String, at: Date) async throws(ThreadStoreError) {
        try await write("record a web session's request") { db in
            try db.execute(sql: "UPDATE web_sessions SET last_seen = ? WHERE digest = ?", arguments: [at.timeIntervalSince1970, digest])
        }
    }

    public func deleteWebSession(digest: String) async throws(ThreadStoreError) {
        try await write("end a web session") { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE digest = ?", arguments: [digest])
        }
    }

    @discardableResult
    public func deleteWebSessions(lastSeenBefore before: Date) async throws(ThreadStoreError) -> Int {
        try await write("end idle web sessions") { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE last_seen < ?", arguments: [before.timeIntervalSince1970])
            return db.changesCount
        }
    }

    static func webSession(_ row: Row) throws -> WebSessionRecord {
        WebSessionRecord(
            digest: row["digest"], personID: try RowDecoding.uuid(row["person_id"], "web_sessions.person_id"),
            csrfToken: row["csrf_token"], createdAt: RowDecoding.date(row["created_at"]), lastSeen: RowDecoding.date(row["last_seen"]))
    }
}
