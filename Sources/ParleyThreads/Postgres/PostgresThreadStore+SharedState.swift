#if PostgreSQL
public import Foundation
internal import PostgresNIO

// Each of these is one statement, atomic on its own: no transaction, no lock held across replicas.
extension PostgresThreadStore {
    public func sharedGlossaryRevisions() async throws(ThreadStoreError) -> [String: Int64] {
        try await statement("read the glossaries' revisions") { connection in
            var revisions: [String: Int64] = [:]
            for row in try await connection.rows("SELECT industry, revision FROM glossary_versions", logger: logger) {
                revisions[try row["industry"].decode(String.self)] = try row["revision"].decode(Int64.self)
            }
            return revisions
        }
    }

    public func sharedGlossary(industry: String) async throws(ThreadStoreError) -> SharedGlossary? {
        try await statement("read a published glossary") { connection in
            try await connection.row("SELECT * FROM glossary_versions WHERE industry = \(industry)", logger: logger).map(Self.sharedGlossary)
        }
    }

    public func publishGlossary(_ glossary: SharedGlossary, after revision: Int64) async throws(ThreadStoreError) -> SharedGlossary {
        let industry = try ThreadStoreInput.required(glossary.industry, "The glossary's industry")
        let updatedAt = glossary.updatedAt.timeIntervalSince1970
        return try await statement("publish a glossary") { connection in
            // The first publication inserts, a later one moves the revision on from the one the edit
            // read: two replicas publishing from the same revision cannot both succeed.
            let row: PostgresRandomAccessRow?
            if revision == 0 {
                row = try await connection.row(
                    """
                    INSERT INTO glossary_versions (industry, revision, version, document, author, action, updated_at)
                    VALUES (\(industry), 1, \(glossary.version), \(glossary.document), \(glossary.author), \(glossary.action), \(updatedAt))
                    ON CONFLICT DO NOTHING RETURNING *
                    """,
                    logger: logger)
            } else {
                row = try await connection.row(
                    """
                    UPDATE glossary_versions SET revision = revision + 1, version = \(glossary.version), document = \(glossary.document),
                        author = \(glossary.author), action = \(glossary.action), updated_at = \(updatedAt)
                    WHERE industry = \(industry) AND revision = \(revision)
                    RETURNING *
                    """,
                    logger: logger)
            }
            guard let row else { throw ThreadStoreError.glossaryMovedOn(industry) }
            return try Self.sharedGlossary(row)
        }
    }

    public func takeSharedToken(key: String, capacity: Double, perSecond: Double, at: Date) async throws(ThreadStoreError)
        -> SharedTokenDecision
    {
        let capacity = max(1, capacity)
        let now = at.timeIntervalSince1970
        return try await statement("count an attempt") { connection in
            // Every expression reads the row as it was; the refill is capped at the capacity.
            let row = try await connection.row(
                """
                INSERT INTO shared_buckets AS b (key, tokens, allowed, updated_at) VALUES (\(key), \(capacity - 1), true, \(now))
                ON CONFLICT (key) DO UPDATE SET
                    tokens = CASE
                        WHEN LEAST(\(capacity), b.tokens + GREATEST(0, \(now) - b.updated_at) * \(perSecond)) >= 1
                        THEN LEAST(\(capacity), b.tokens + GREATEST(0, \(now) - b.updated_at) * \(perSecond)) - 1
                        ELSE LEAST(\(capacity), b.tokens + GREATEST(0, \(now) - b.updated_at) * \(perSecond)) END,
                    allowed = LEAST(\(capacity), b.tokens + GREATEST(0, \(now) - b.updated_at) * \(perSecond)) >= 1,
                    updated_at = GREATEST(\(now), b.updated_at)
                RETURNING tokens, allowed
                """,
                logger: logger)
            guard let row else { throw ThreadStoreError.notFound("The attempt could not be counted; try again.") }
            return SharedTokenDecision(allowed: try row["allowed"].decode(Bool.self), tokens: try row["tokens"].decode(Double.self))
        }
    }

    public func addToRateWindow(key: String, windowStart: Date, count: Int) async throws(ThreadStoreError) -> Int {
        let start = windowStart.timeIntervalSince1970
        let count = Int64(max(0, count))
        return try await statement("count requests") { connection in
            let row = try await connection.row(
                """
                INSERT INTO rate_windows AS w (key, window_start, requests) VALUES (\(key), \(start), \(count))
                ON CONFLICT (key, window_start) DO UPDATE SET requests = w.requests + excluded.requests
                RETURNING requests
                """,
                logger: logger)
            return Int(try row?["requests"].decode(Int64.self) ?? count)
        }
    }

    public func acquireLease(name: String, holder: String, until: Date, at: Date) async throws(ThreadStoreError) -> Bool {
        let (until, now) = (until.timeIntervalSince1970, at.timeIntervalSince1970)
        return try await statement("take a lease") { connection in
            try await connection.row(
                """
                INSERT INTO shared_leases AS l (name, holder, expires_at) VALUES (\(name), \(holder), \(until))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                    WHERE l.expires_at < \(now) OR l.holder = excluded.holder
                RETURNING holder
                """,
                logger: logger) != nil
        }
    }

    public func releaseLease(name: String, holder: String) async throws(ThreadStoreError) {
        try await statement("give a lease back") { connection in
            try await connection.run("DELETE FROM shared_leases WHERE name = \(name) AND holder = \(holder)", logger: logger)
        }
    }

    public func deleteSharedState(before: Date) async throws(ThreadStoreError) -> Int {
        let cutoff = before.timeIntervalSince1970
        return try await statement("delete old shared state") { connection in
            let buckets = try await connection.rows("DELETE FROM shared_buckets WHERE updated_at < \(cutoff) RETURNING key", logger: logger)
            let windows = try await connection.rows("DELETE FROM rate_windows WHERE window_start < \(cutoff) RETURNING key", logger: logger)
            let leases = try await connection.rows("DELETE FROM shared_leases WHERE expires_at < \(cutoff) RETURNING name", logger: logger)
            return buckets.count + windows.count + leases.count
        }
    }

    /// Runs statements on one connection, each committed on its own, mapping every failure to a
    /// ``ThreadStoreError``.
    private func statement<T: Sendable>(
        _ operation: String, _ body: (PostgresConnection) async throws -> T
    ) async throws(ThreadStoreError) -> T {
        do {
            return try await database.withConnection(body)
        } catch {
            throw ThreadStoreError(postgres: error, operation: operation)
        }
    }

    static func sharedGlossary(_ row: PostgresRandomAccessRow) throws -> SharedGlossary {
        SharedGlossary(
            industry: try row["industry"].decode(String.self), revision: try row["revision"].decode(Int64.self),
            version: try row["version"].decode(String.self), document: try row["document"].decode(String.self),
            author: try row["author"].decode(String.self), action: try row["action"].decode(String.self),
            updatedAt: RowDecoding.date(try row["updated_at"].decode(Double.self)))
    }
}
#endif
