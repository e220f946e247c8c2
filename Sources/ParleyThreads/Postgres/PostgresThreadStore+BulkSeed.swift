#if PostgreSQL
internal import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
    /// Writes a ``BulkSeed`` in transactions of many rows: contacts and conversations from arrays
    /// (`unnest`), messages made by the server (`generate_series`).
    /// - Parameters:
    ///   - seed: the contacts, conversations and message counts.
    ///   - batch: rows per transaction.
    package func write(_ seed: BulkSeed, batch: Int = 20_000) async throws(ThreadStoreError) {
        var start = 0
        while start < seed.rows.count {
            let rows = Array(seed.rows[start..<min(start + batch, seed.rows.count)])
            start += batch
            try await write("seed contacts and conversations") { connection, _ in
                let contactIDs = rows.map(\.contactID)
                let conversationIDs = rows.map(\.conversationID)
                let phones = rows.map(\.phone)
                let names = rows.map { $0.name ?? "" }  // arrays carry no NULL here: '' is none
                let folded = rows.map { BulkSeed.folded($0.name) }
                let created = rows.map { BulkSeed.time($0, sequence: 1) }
                let activity = rows.map { $0.activityAt.timeIntervalSince1970 }
                let numberIDs = rows.map(\.numberID)
                let unread = rows.map(\.unread)
                let counts = rows.map(\.messages)
                try await connection.run(
                    """
                    INSERT INTO contacts (id, phone, name, name_folded, created_at)
                    SELECT id, phone, NULLIF(name, ''), name_folded, created_at
                    FROM unnest(\(contactIDs)::uuid[], \(phones)::text[], \(names)::text[], \(folded)::text[],
                        \(created)::double precision[]) AS seed (id, phone, name, name_folded, created_at)
                    """,
                    logger: logger)
                try await connection.run(
                    """
                    INSERT INTO conversations (
                        id, number_id, contact_id, last_message_at, activity_at, unread_count, created_at, state)
                    SELECT id, number_id, contact_id, CASE WHEN count > 0 THEN activity_at END, activity_at, unread_count,
                        created_at, 'open'
                    FROM unnest(\(conversationIDs)::uuid[], \(numberIDs)::uuid[], \(contactIDs)::uuid[],
                        \(counts)::integer[], \(activity)::double precision[], \(unread)::integer[],
                        \(created)::double precision[])
                        AS seed (id, number_id, contact_id, count, activity_at, unread_count, created_at)
                    """,
                    logger: logger)
                try await connection.run(
                    """
                    INSERT INTO messages (
                        id, conversation_id, sequence, direction, original, shown_text, translation_status,
                        delivery_status, created_at, updated_at)
                    SELECT gen_random_uuid(), seed.id, s,
                        CASE WHEN s % 2 = 1 THEN 'inbound' ELSE 'outbound' END,
                        'Seeded message ' || s, 'Seeded message ' || s, 'translated',
                        CASE WHEN s % 2 = 1 THEN 'received' ELSE 'delivered' END,
                        seed.activity_at - (seed.count - s) * 60, seed.activity_at - (seed.count - s) * 60
                    FROM unnest(\(conversationIDs)::uuid[], \(counts)::integer[], \(activity)::double precision[])
                        AS seed (id, count, activity_at)
                    CROSS JOIN LATERAL generate_series(1, seed.count) AS s
                    """,
                    logger: logger)
            }
        }
    }
}
#endif
