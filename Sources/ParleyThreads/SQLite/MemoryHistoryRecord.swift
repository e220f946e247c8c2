internal import Foundation
internal import GRDB

/// One row of the `memory_history` table; ``id`` is assigned on insert.
struct MemoryHistoryRecord: Codable, Sendable, Hashable {
    var id: Int64?
    var entryID: String
    /// The entry's industry, so an industry's history needs no join.
    var industry: String
    var at: Double
    var by: String
    var action: String
    var target: String
    var note: String?

    /// A line about an entry as it is after the change.
    init(_ entry: StoredMemoryEntry, action: MemoryHistoryEntry.Action, by: String, at: Date, note: String?) {
        entryID = entry.id.databaseText
        industry = entry.industry
        self.at = at.timeIntervalSince1970
        self.by = by
        self.action = action.rawValue
        target = entry.target
        self.note = note
    }

    func model() throws(ThreadStoreError) -> MemoryHistoryEntry {
        MemoryHistoryEntry(
            id: id ?? 0,
            entryID: try RowDecoding.uuid(entryID, "memory_history.entry_id"),
            at: RowDecoding.date(at),
            by: by,
            action: try RowDecoding.value(action, "memory_history.action"),
            target: target,
            note: note
        )
    }

    enum CodingKeys: String, CodingKey {
        case id
        case entryID = "entry_id"
        case industry, at, by, action, target, note
    }
}

extension MemoryHistoryRecord: FetchableRecord, MutablePersistableRecord {
    static var databaseTableName: String { "memory_history" }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let entryID = Column(CodingKeys.entryID)
        static let industry = Column(CodingKeys.industry)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
