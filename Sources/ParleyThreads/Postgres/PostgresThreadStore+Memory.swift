#if PostgreSQL
public import Foundation
public import ParleyLanguage
internal import PostgresNIO

extension PostgresThreadStore {
    public func addMemoryEntries(
        _ drafts: [MemoryEntryDraft], replacing: Bool, at: Date
    ) async throws(ThreadStoreError) -> [StoredMemoryEntry] {
        var entries: [StoredMemoryEntry] = []
        for draft in drafts { entries.append(try MemoryEntryRules.entry(draft, at: at)) }
        guard !entries.isEmpty else { return [] }
        return try await write("add translation-memory entries") { [entries] connection, _ in
            for industry in Set(entries.map(\.industry)).sorted() {
                try await Self.lockMemory(connection, industry, logger)
            }
            var changed: Set<String> = []
            for (pair, by) in replacing ? MemoryEntryRules.replaced(entries) : [] {
                if try await Self.supersede(connection, pair, sourceKey: nil, except: nil, by: by, at: at, logger) {
                    changed.insert(pair.industry)
                }
            }
            for entry in entries {
                if entry.status == .approved {
                    _ = try await Self.supersede(
                        connection, MemoryPair(entry: entry), sourceKey: entry.sourceKey, except: nil,
                        by: entry.createdBy, at: at, logger)
                    changed.insert(entry.industry)
                }
                try await connection.run(
                    """
                    INSERT INTO memory_entries (
                        id, industry, source_language, target_language, source, source_key, target, status, origin,
                        note, machine_target, message_id, external_id, created_by, created_at, reviewed_by, reviewed_at,
                        updated_at)
                    VALUES (
                        \(entry.id), \(entry.industry), \(entry.sourceLanguage.identifier),
                        \(entry.targetLanguage.identifier), \(entry.source), \(entry.sourceKey), \(entry.target),
                        \(entry.status.rawValue), \(entry.origin.rawValue), \(entry.note), \(entry.machineTarget),
                        \(entry.messageID), \(entry.externalID), \(entry.createdBy),
                        \(entry.createdAt.timeIntervalSince1970), \(entry.reviewedBy),
                        \(entry.reviewedAt?.timeIntervalSince1970), \(entry.updatedAt.timeIntervalSince1970))
                    """,
                    logger: logger
                )
                try await Self.recordMemoryHistory(
                    connection, entry, MemoryEntryRules.addedAction(entry), by: entry.createdBy, at: at,
                    note: entry.note, logger)
            }
            for industry in changed { try await Self.bumpMemoryRevision(connection, industry, logger) }
            return entries
        }
    }

    public func memoryEntry(id: UUID) async throws(ThreadStoreError) -> StoredMemoryEntry {
        try await read("read a translation-memory entry") { connection in
            guard let row = try await connection.row("SELECT * FROM memory_entries WHERE id = \(id)", logger: logger)
            else { throw MemoryEntryRules.notFound(id) }
            return try PostgresRows.memoryEntry(row)
        }
    }

    public func memoryEntries(
        industry: String, status: StoredMemoryEntry.Status?, limit: Int
    ) async throws(ThreadStoreError) -> [StoredMemoryEntry] {
        let industry = try ThreadStoreInput.required(industry, "The memory's industry")
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list translation-memory entries") { connection in
            let query: PostgresQuery =
                if let status {
                    """
                    SELECT * FROM memory_entries WHERE industry = \(industry) AND status = \(status.rawValue)
                    ORDER BY updated_at DESC, position DESC LIMIT \(limit)
                    """
                } else {
                    """
                    SELECT * FROM memory_entries WHERE industry = \(industry)
                    ORDER BY updated_at DESC, position DESC LIMIT \(limit)
                    """
                }
            return try await connection.rows(query, logger: logger).map(PostgresRows.memoryEntry)
        }
    }

    public func approvedMemoryEntries(
        industry: String, sourceLanguage: LanguageTag, targetLanguages: [LanguageTag]
    ) async throws(ThreadStoreError) -> [StoredMemoryEntry] {
        let industry = try ThreadStoreInput.required(industry, "The memory's industry")
        guard !targetLanguages.isEmpty else { return [] }
        let targets = targetLanguages.map(\.identifier)
        return try await read("read the approved translation-memory entries") { connection in
            try await connection.rows(
                """
                SELECT * FROM memory_entries
                WHERE industry = \(industry) AND source_language = \(sourceLanguage.identifier)
                    AND target_language = ANY(\(targets)) AND status = 'approved'
                ORDER BY source_key COLLATE "C", target_language COLLATE "C", id
                """,
                logger: logger
            ).map(PostgresRows.memoryEntry)
        }
    }

    public func reviewMemoryEntry(
        id: UUID, status: StoredMemoryEntry.Status, target: String, note: String?, by: String, at: Date,
        onlyFrom: Set<StoredMemoryEntry.Status>?
    ) async throws(ThreadStoreError) -> StoredMemoryEntry {
        let review = try MemoryEntryRules.Review(status: status, target: target, note: note, by: by, at: at)
        return try await write("review a translation-memory entry") { connection, _ in
            guard
                let found = try await connection.row(
                    "SELECT industry FROM memory_entries WHERE id = \(id)", logger: logger)
            else { throw MemoryEntryRules.notFound(id) }
            try await Self.lockMemory(connection, try found["industry"].decode(String.self), logger)
            // The row stays locked until the transaction ends: a review that waited reads this one's outcome.
            guard
                let row = try await connection.row(
                    "SELECT * FROM memory_entries WHERE id = \(id) FOR UPDATE", logger: logger)
            else { throw MemoryEntryRules.notFound(id) }
            let entry = try PostgresRows.memoryEntry(row)
            try MemoryEntryRules.checkStatus(entry, onlyFrom: onlyFrom)
            let (reviewed, action, changesApproved) = review.applied(to: entry)
            var changed = changesApproved
            if reviewed.status == .approved {
                let superseded = try await Self.supersede(
                    connection, MemoryPair(entry: reviewed), sourceKey: reviewed.sourceKey, except: reviewed.id,
                    by: review.by, at: at, logger)
                changed = changed || superseded
            }
            try await connection.run(
                """
                UPDATE memory_entries SET status = \(reviewed.status.rawValue), target = \(reviewed.target),
                    note = \(reviewed.note), reviewed_by = \(reviewed.reviewedBy),
                    reviewed_at = \(reviewed.reviewedAt?.timeIntervalSince1970),
                    updated_at = \(at.timeIntervalSince1970)
                WHERE id = \(id)
                """,
                logger: logger
            )
            try await Self.recordMemoryHistory(
                connection, reviewed, action, by: review.by, at: at, note: review.note ?? nil, logger)
            if changed { try await Self.bumpMemoryRevision(connection, reviewed.industry, logger) }
            return reviewed
        }
    }

    public func memoryHistory(
        entryID: UUID?, industry: String, limit: Int
    ) async throws(ThreadStoreError) -> [MemoryHistoryEntry] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        let industry = try MemoryEntryRules.historyIndustry(industry, entryID: entryID)
        return try await read("read the translation memory's history") { connection in
            let query: PostgresQuery =
                if let entryID {
                    "SELECT * FROM memory_history WHERE entry_id = \(entryID) ORDER BY id DESC LIMIT \(limit)"
                } else {
                    "SELECT * FROM memory_history WHERE industry = \(industry) ORDER BY id DESC LIMIT \(limit)"
                }
            return try await connection.rows(query, logger: logger).map(PostgresRows.memoryHistoryEntry)
        }
    }

    public func memoryRevision(industry: String) async throws(ThreadStoreError) -> Int64 {
        let industry = try ThreadStoreInput.required(industry, "The memory's industry")
        return try await read("read the translation memory's revision") { connection in
            let row = try await connection.row(
                "SELECT revision FROM memory_revisions WHERE industry = \(industry)", logger: logger)
            return try row?["revision"].decode(Int64.self) ?? 0
        }
    }

    /// Makes the transaction's changes to an industry's memory take turns with every other
    /// transaction's, on every replica, until it ends: an entry's status is read after the previous
    /// change committed, and two approved entries for one sentence never race past each other.
    static func lockMemory(_ connection: PostgresConnection, _ industry: String, _ logger: Logger) async throws {
        try await connection.run(
            """
            SELECT pg_advisory_xact_lock(
                hashtext(COALESCE(current_schema(), '') || '.memory_entries'), hashtext(\(industry)))
            """,
            logger: logger
        )
    }

    /// Supersedes the approved entries of a language pair, with one sentence's key or all of them,
    /// each with a history line; true when there were any.
    static func supersede(
        _ connection: PostgresConnection, _ pair: MemoryPair, sourceKey: String?, except: UUID?, by: String, at: Date,
        _ logger: Logger
    ) async throws -> Bool {
        let at = at.timeIntervalSince1970
        let query: PostgresQuery =
            if let sourceKey {
                """
                WITH superseded AS (
                    UPDATE memory_entries SET status = 'superseded', updated_at = \(at)
                    WHERE industry = \(pair.industry) AND source_language = \(pair.sourceLanguage.identifier)
                        AND target_language = \(pair.targetLanguage.identifier) AND source_key = \(sourceKey)
                        AND status = 'approved' AND id IS DISTINCT FROM \(except)
                    RETURNING id, industry, target, position)
                INSERT INTO memory_history (entry_id, industry, at, "by", action, target)
                SELECT id, industry, \(at), \(by), 'superseded', target FROM superseded ORDER BY position
                RETURNING id
                """
            } else {
                """
                WITH superseded AS (
                    UPDATE memory_entries SET status = 'superseded', updated_at = \(at)
                    WHERE industry = \(pair.industry) AND source_language = \(pair.sourceLanguage.identifier)
                        AND target_language = \(pair.targetLanguage.identifier)
                        AND status = 'approved' AND id IS DISTINCT FROM \(except)
                    RETURNING id, industry, target, position)
                INSERT INTO memory_history (entry_id, industry, at, "by", action, target)
                SELECT id, industry, \(at), \(by), 'superseded', target FROM superseded ORDER BY position
                RETURNING id
                """
            }
        let lines = try await connection.rows(query, logger: logger)
        return !lines.isEmpty
    }

    /// Adds a line to an entry's history, about the entry as it is after the change.
    static func recordMemoryHistory(
        _ connection: PostgresConnection, _ entry: StoredMemoryEntry, _ action: MemoryHistoryEntry.Action, by: String,
        at: Date, note: String?, _ logger: Logger
    ) async throws {
        try await connection.run(
            """
            INSERT INTO memory_history (entry_id, industry, at, "by", action, target, note)
            VALUES (
                \(entry.id), \(entry.industry), \(at.timeIntervalSince1970), \(by), \(action.rawValue), \(entry.target),
                \(note))
            """,
            logger: logger
        )
    }

    /// Moves an industry's revision on, in the transaction that changes its approved entries.
    static func bumpMemoryRevision(
        _ connection: PostgresConnection, _ industry: String, _ logger: Logger
    ) async throws {
        try await connection.run(
            """
            INSERT INTO memory_revisions (industry, revision) VALUES (\(industry), 1)
            ON CONFLICT (industry) DO UPDATE SET revision = memory_revisions.revision + 1
            """,
            logger: logger
        )
    }
}
#endif
