public import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func sharedGlossaryRevisions() async throws(ThreadStoreError) -> [String: Int64] {
        try await read("read the glossaries' revisions") { db in
            var revisions: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT industry, revision FROM glossary_versions") {
                revisions[row["industry"]] = row["revision"]
            }
            return revisions
        }
    }

    public func sharedGlossary(industry: String) async throws(ThreadStoreError) -> SharedGlossary? {
        try await read("read a published glossary") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM glossary_versions WHERE industry = ?", arguments: [industry]).map(Self.sharedGlossary)
        }
    }

    public func publishGlossary(_ glossary: SharedGlossary, after revision: Int64) async throws(ThreadStoreError) -> SharedGlossary {
        let industry = try ThreadStoreInput.required(glossary.industry, "The glossary's industry")
        return try await write("publish a glossary") { db in
            let current = try Int64.fetchOne(db, sql: "SELECT revision FROM glossary_versions WHERE industry = ?", arguments: [industry]) ?? 0
            guard current == revision else { throw ThreadStoreError.glossaryMovedOn(industry) }
            var stored = glossary
            stored.industry = industry
            stored.revision = current + 1
            try db.execute(
                sql: """
                    INSERT INTO glossary_versions (industry, revision, version, document, author, action, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (industry) DO UPDATE SET revision = excluded.revision, version = excluded.version,
                        document = excluded.document, author = excluded.author, action = excluded.action, updated_at = excluded.updated_at
                    """,
                arguments: [
                    industry, stored.revision, stored.version, stored.document, stored.author, stored.action,
                    stored.updatedAt.timeIntervalSince1970,
                ])
            return stored
        }
    }

    public func takeSharedToken(key: String, capacity: Double, perSecond: Double, at: Date) async throws(ThreadStoreError)
        -> SharedTokenDecision
    {
        let capacity = max(1, capacity)
        return try await write("count an attempt") { db in
            // Every expression reads the row as it was; the refill is capped at the capacity.
            let refilled = "min(:capacity, tokens + max(0, :now - updated_at) * :perSecond)"
            let row = try Row.fetchOne(
                db,
                sql: """
                    INSERT INTO shared_buckets (key, tokens, allowed, updated_at) VALUES (:key, :capacity - 1, 1, :now)
                    ON CONFLICT (key) DO UPDATE SET
                        tokens = CASE WHEN \(refilled) >= 1 THEN \(refilled) - 1 ELSE \(refilled) END,
                        allowed = \(refilled) >= 1,
                        updated_at = max(:now, updated_at)
                    RETURNING tokens, allowed
                    """,
                arguments: ["key": key, "capacity": capacity, "perSecond": perSecond, "now": at.timeIntervalSince1970])
            guard let row else { throw ThreadStoreError.notFound("The attempt could not be counted; try again.") }
            return SharedTokenDecision(allowed: row["allowed"], tokens: row["tokens"])
        }
    }

    public func addToRateWindow(key: String, windowStart: Date, count: Int) async throws(ThreadStoreError) -> Int {
        try await write("count requests") { db in
            try Int.fetchOne(
                db,
                sql: """
                    INSERT INTO rate_windows (key, window_start, requests) VALUES (?, ?, ?)
                    ON CONFLICT (key, window_start) DO UPDATE SET requests = requests + excluded.requests
                    RETURNING requests
                    """,
                arguments: [key, windowStart.timeIntervalSince1970, max(0, count)]) ?? count
        }
    }

    public func acquireLease(name: String, holder: String, until: Date, at: Date) async throws(ThreadStoreError) -> Bool {
        try await write("take a lease") { db in
            try Row.fetchOne(
                db,
                sql: """
                    INSERT INTO shared_leases (name, holder, expires_at) VALUES (:name, :holder, :until)
                    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                        WHERE expires_at < :now OR holder = excluded.holder
                    RETURNING holder
                    """,
                arguments: ["name": name, "holder": holder, "until": until.timeIntervalSince1970, "now": at.timeIntervalSince1970]) != nil
        }
    }

    public func releaseLease(name: String, holder: String) async throws(ThreadStoreError) {
        try await write("give a lease back") { db in
            try db.execute(sql: "DELETE FROM shared_leases WHERE name = ? AND holder = ?", arguments: [name, holder])
        }
    }

    public func deleteSharedState(before: Date) async throws(ThreadStoreError) -> Int {
        try await write("delete old shared state") { db in
            let cutoff = before.timeIntervalSince1970
            var deleted = 0
            for sql in [
                "DELETE FROM shared_buckets WHERE updated_at < ?", "DELETE FROM rate_windows WHERE window_start < ?",
                "DELETE FROM shared_leases WHERE expires_at < ?",
            ] {
                try db.execute(sql: sql, arguments: [cutoff])
                deleted += db.changesCount
            }
            return deleted
        }
    }

    static func sharedGlossary(_ row: Row) -> SharedGlossary {
        SharedGlossary(
            industry: row["industry"], revision: row["revision"], version: row["version"], document: row["document"],
            author: row["author"], action: row["action"], updatedAt: RowDecoding.date(row["updated_at"]))
    }
}

extension ThreadStoreError {
    /// Someone published another version of a glossary since an edit read it.
    static func glossaryMovedOn(_ industry: String) -> Self {
        .conflict("The \(industry) glossary was changed by someone else meanwhile; reload it and make your change again.")
    }
}
