internal import Foundation
internal import GRDB

extension SQLiteThreadStore {
    /// Writes a ``BulkSeed`` in transactions of many rows (the search index follows by its triggers).
    /// - Parameters:
    ///   - seed: the contacts, conversations and message counts.
    ///   - batch: rows per transaction.
    package func write(_ seed: BulkSeed, batch: Int = 20_000) async throws(ThreadStoreError) {
        var start = 0
        while start < seed.rows.count {
            let rows = Array(seed.rows[start..<min(start + batch, seed.rows.count)])
            start += batch
            try await write("seed contacts and conversations") { db in
                let contact = try db.makeStatement(
                    sql: "INSERT INTO contacts (id, phone, name, name_folded, created_at) VALUES (?, ?, ?, ?, ?)")
                let conversation = try db.makeStatement(
                    sql: """
                        INSERT INTO conversations (
                            id, number_id, contact_id, last_message_at, activity_at, unread_count, created_at, state)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 'open')
                        """)
                let message = try db.makeStatement(
                    sql: """
                        INSERT INTO messages (
                            id, conversation_id, sequence, direction, original, shown_text, translation_status,
                            delivery_status, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'translated', ?, ?, ?)
                        """)
                for row in rows {
                    let at = row.activityAt.timeIntervalSince1970
                    let created = BulkSeed.time(row, sequence: 1)
                    try contact.execute(arguments: [
                        row.contactID.databaseText, row.phone, row.name, BulkSeed.folded(row.name), created,
                    ])
                    try conversation.execute(arguments: [
                        row.conversationID.databaseText, row.numberID.databaseText, row.contactID.databaseText,
                        row.messages > 0 ? at : nil, at, row.unread, created,
                    ])
                    for sequence in stride(from: 1, through: row.messages, by: 1) {
                        let inbound = sequence % 2 == 1
                        let time = BulkSeed.time(row, sequence: sequence)
                        try message.execute(arguments: [
                            UUID().databaseText, row.conversationID.databaseText, sequence, inbound ? "inbound" : "outbound",
                            BulkSeed.text(sequence), BulkSeed.text(sequence), inbound ? "received" : "delivered", time, time,
                        ])
                    }
                }
            }
        }
    }
}
