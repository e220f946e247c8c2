#if PostgreSQL
internal import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
    public func savePreview(_ preview: StoredPreview) async throws(ThreadStoreError) {
        let token = try ThreadStoreInput.required(preview.token, "A preview's token")
        try await write("save a preview") { connection, _ in
            _ = try await Self.conversation(connection, preview.conversationID, logger)
            try await connection.run(
                """
                INSERT INTO previews (token, conversation_id, payload, created_at, expires_at)
                VALUES (\(token), \(preview.conversationID), \(preview.payload),
                    \(preview.createdAt.timeIntervalSince1970), \(preview.expiresAt.timeIntervalSince1970))
                """,
                logger: logger
            )
        }
    }

    public func preview(token: String) async throws(ThreadStoreError) -> StoredPreview? {
        let now = self.now().timeIntervalSince1970
        return try await read("read a preview") { connection in
            try await connection.row(
                "SELECT * FROM previews WHERE token = \(token) AND expires_at > \(now)",
                logger: logger
            ).map(PostgresRows.preview)
        }
    }

    @discardableResult
    public func deleteExpiredPreviews() async throws(ThreadStoreError) -> Int {
        let now = self.now().timeIntervalSince1970
        return try await write("delete expired previews") { connection, _ in
            try await connection.rows("DELETE FROM previews WHERE expires_at <= \(now) RETURNING token", logger: logger).count
        }
    }
}
#endif
