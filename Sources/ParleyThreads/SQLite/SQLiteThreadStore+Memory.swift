public import Foundation
internal import GRDB
public import ParleyLanguage

extension SQLiteThreadStore {
    public func addMemoryEntries(
        _ drafts: [MemoryEntryDraft], replacing: Bool, at: Date
    ) async throws(ThreadStoreError) -> [StoredMemoryEntry] {
        var entries: [StoredMemoryEntry] = []
        for draft in drafts { entries.append(try MemoryEntryRules.entry(draft, at: at)) }
        guard !entries.isEmpty else { return [] }
        return try await write("add translation-memory entries") { [entries] db in
            var changed: Set<String> = []
            for (pair, by) in replacing ? MemoryEntryRules.replaced(entries) : [] {
                if try Self.supersede(db, pair, sourceKey: nil, except: nil, by: by, at: at) {
                    changed.insert(pair.industry)
                }
            }
            for entry in entries {
                if entry.status == .approved {
                    _ = try Self.supersede(
                        db, MemoryPair(entry: entry), sourceKey: entry.sourceKey, except: nil, by: entry.createdBy,
                        at: at)
                    changed.insert(entry.industry)
                }
                try MemoryEntryRecord(entry).insert(db)
                var line = MemoryHistoryRecord(
                    entry, action: MemoryEntryRules.addedAction(entry), by: entry.createdBy, at: at, note: entry.note)
                try line.insert(db)
            }
            for industry in changed { try Self.bumpMemoryRevision(db, industry) }
            return entries
        }
    }

    public func memoryEntry(id: UUID) async throws(ThreadStoreError) -> StoredMemoryEntry {
        try await read("read a translation-memory entry") { db in try Self.memoryEntry(db, id).model() }
    }

    public func memoryEntries(
        industry: String, status: StoredMemoryEntry.Status?, limit: Int
    ) async throws(ThreadStoreError) -> [StoredMemoryEntry] {
        let industry = try ThreadStoreInput.required(industry, "The memory's industry")
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list translation-memory entries") { db in
            var request = MemoryEntryRecord.filter(MemoryEntryRecord.Columns.industry == industry)
            if let status { request = request.filter(MemoryEntryRecord.Columns.status == status.rawValue) }
            return try request.order(MemoryEntryRecord.Columns.updatedAt.desc, Column.rowID.desc).limit(limit)
                .fetchAll(db).map { try $0.model() }
        }
    }

    public func approvedMemoryEntries(
        industry: String, sourceLanguage: LanguageTag, targetLanguages: [LanguageTag]
    ) async throws(ThreadStoreError) -> [StoredMemoryEntry] {
        let industry = try ThreadStoreInput.required(industry, "The memory's industry")
        guard !targetLanguages.isEmpty else { return [] }
        return try await read("read the approved translation-memory entries") { db in
            try MemoryEntryRecord
                .filter(MemoryEntryRecord.Columns.industry == industry)
                .filter(MemoryEntryRecord.Columns.sourceLanguage == sourceLanguage.identifier)
                .filter(targetLanguages.map(\.identifier).contains(MemoryEntryRecord.Columns.targetLanguage))
                .filter(MemoryEntryRecord.Columns.status == StoredMemoryEntry.Status.approved.rawValue)
                .order(
                    MemoryEntryRecord.Columns.sourceKey, MemoryEntryRecord.Columns.targetLanguage,
                    MemoryEntryRecord.Columns.id
                )
                .fetchAll(db).map { try $0.model() }
        }
    }

    public func reviewMemoryEntry(
        id: UUID, status: StoredMemoryEntry.Status, target: String, note: String?, by: String, at: Date,
        onlyFrom: Set<StoredMemoryEntry.Status>?
    ) async throws(ThreadStoreError) -> StoredMemoryEntry {
        let review = try MemoryEntryRules.Review(status: status, target: target, note: note, by: by, at: at)
        return try await write("review a translation-memory entry") { db in
            let entry = try Self.memoryEntry(db, id).model()
            try MemoryEntryRules.checkStatus(entry, onlyFrom: onlyFrom)
            let (reviewed, action, changesApproved) = review.applied(to: entry)
            var changed = changesApproved
            if reviewed.status == .approved {
                let superseded = try Self.supersede(
                    db, MemoryPair(entry: reviewed), sourceKey: reviewed.sourceKey, except: reviewed.id,
                    by: review.by, at: at)
                changed = changed || superseded
            }
            try MemoryEntryRecord(reviewed).update(db)
            var line = MemoryHistoryRecord(reviewed, action: action, by: review.by, at: at, note: review.note ?? nil)
            try line.insert(db)
            if changed { try Self.bumpMemoryRevision(db, reviewed.industry) }
            return reviewed
        }
    }

    public func memoryHistory(
        entryID: UUID?, industry: String, limit: Int
    ) async throws(ThreadStoreError) -> [MemoryHistoryEntry] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        let industry = try MemoryEntryRules.historyIndustry(industry, entryID: entryID)
        return try await read("read the translation memory's history") { db in
            let request =
                if let entryID {
                    MemoryHistoryRecord.filter(MemoryHistoryRecord.Columns.entryID == entryID.databaseText)
                } else {
                    MemoryHistoryRecord.filter(MemoryHistoryRecord.Columns.industry == industry)
                }
            return try request.order(MemoryHistoryRecord.Columns.id.desc).limit(limit).fetchAll(db).map {
                try $0.model()
            }
        }
    }

    public func memoryRevision(industry: String) async throws(ThreadStoreError) -> Int64 {
        let industry = try ThreadStoreInput.required(industry, "The memory's industry")
        return try await read("read the translation memory's revision") { db in
            try Int64.fetchOne(
                db, sql: "SELECT revision FROM memory_revisions WHERE industry = ?", arguments: [industry])
                ?? 0
        }
    }

    static func memoryEntry(_ db: Database, _ id: UUID) throws -> MemoryEntryRecord {
        guard let record = try MemoryEntryRecord.fetchOne(db, key: id.databaseText) else {
            throw MemoryEntryRules.notFound(id)
        }
        return record
    }

    /// Supersedes the approved entries of a language pair, with one sentence's key or all of them,
    /// each with a history line; true when there were any.
    static func supersede(
        _ db: Database, _ pair: MemoryPair, sourceKey: String?, except: UUID?, by: String, at: Date
    ) throws -> Bool {
        var request = MemoryEntryRecord.filter(MemoryEntryRecord.Columns.industry == pair.industry)
            .filter(MemoryEntryRecord.Columns.sourceLanguage == pair.sourceLanguage.identifier)
            .filter(MemoryEntryRecord.Columns.targetLanguage == pair.targetLanguage.identifier)
            .filter(MemoryEntryRecord.Columns.status == StoredMemoryEntry.Status.approved.rawValue)
        if let sourceKey { request = request.filter(MemoryEntryRecord.Columns.sourceKey == sourceKey) }
        if let except { request = request.filter(MemoryEntryRecord.Columns.id != except.databaseText) }
        let superseded = try request.order(Column.rowID).fetchAll(db)
        for record in superseded {
            var entry = try record.model()
            entry.status = .superseded
            entry.updatedAt = at
            try MemoryEntryRecord(entry).update(db)
            var line = MemoryHistoryRecord(entry, action: .superseded, by: by, at: at, note: nil)
            try line.insert(db)
        }
        return !superseded.isEmpty
    }

    /// Moves an industry's revision on, in the transaction that changes its approved entries.
    static func bumpMemoryRevision(_ db: Database, _ industry: String) throws {
        try db.execute(
            sql: """
                INSERT INTO memory_revisions (industry, revision) VALUES (?, 1)
                ON CONFLICT (industry) DO UPDATE SET revision = revision + 1
                """,
            arguments: [industry])
    }
}
