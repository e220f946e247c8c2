internal import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func savePreview(_ preview: StoredPreview) async throws(ThreadStoreError) {
        let token = try ThreadStoreInput.required(preview.token, "A preview's token")
        // A preview writes no events, so its transaction skips the event bookkeeping of `write`; its
        // statements are cached, as a preview is saved on every pause in the rep's typing.
        do {
            try await database.writer.write { db in
                let exists = try db.cachedStatement(sql: "SELECT 1 FROM conversations WHERE id = ?")
                guard try Bool.fetchOne(exists, arguments: [preview.conversationID.databaseText]) != nil else {
                    throw ThreadStoreError.notFound("There is no conversation \(preview.conversationID); check the identifier.")
                }
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO previews (token, conversation_id, payload, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                try insert.execute(arguments: [
                    token, preview.conversationID.databaseText, preview.payload,
                    preview.createdAt.timeIntervalSince1970, preview.expiresAt.timeIntervalSince1970,
                ])
            }
        } catch {
            throw ThreadStoreError(error, operation: "save a preview", path: database.path)
        }
    }

    public func preview(token: String) async throws(ThreadStoreError) -> StoredPreview? {
        let now = self.now().timeIntervalSince1970
        return try await read("read a preview") { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM previews WHERE token = ? AND expires_at > ?", arguments: [token, now])
            else {
                return nil
            }
            return StoredPreview(
                token: row["token"],
                conversationID: try RowDecoding.uuid(row["conversation_id"], "previews.conversation_id"),
                payload: row["payload"],
                createdAt: RowDecoding.date(row["created_at"]),
                expiresAt: RowDecoding.date(row["expires_at"]))
        }
    }

    @discardableResult
    public func deleteExpiredPreviews() async throws(ThreadStoreError) -> Int {
        let now = self.now().timeIntervalSince1970
        return try await write("delete expired previews") { db in
            try db.execute(sql: "DELETE FROM previews WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
    }
}
