internal import Foundation
internal import GRDB
internal import ParleyLanguage

/// One row of the `memory_entries` table.
struct MemoryEntryRecord: Codable, Sendable, Hashable {
    var id: String
    var industry: String
    var sourceLanguage: String
    var targetLanguage: String
    var source: String
    var sourceKey: String
    var target: String
    var status: String
    var origin: String
    var note: String?
    var machineTarget: String?
    var messageID: String?
    var externalID: String?
    var createdBy: String
    var createdAt: Double
    var reviewedBy: String?
    var reviewedAt: Double?
    var updatedAt: Double

    init(_ entry: StoredMemoryEntry) {
        id = entry.id.databaseText
        industry = entry.industry
        sourceLanguage = entry.sourceLanguage.identifier
        targetLanguage = entry.targetLanguage.identifier
        source = entry.source
        sourceKey = entry.sourceKey
        target = entry.target
        status = entry.status.rawValue
        origin = entry.origin.rawValue
        note = entry.note
        machineTarget = entry.machineTarget
        messageID = entry.messageID?.databaseText
        externalID = entry.externalID
        createdBy = entry.createdBy
        createdAt = entry.createdAt.timeIntervalSince1970
        reviewedBy = entry.reviewedBy
        reviewedAt = entry.reviewedAt?.timeIntervalSince1970
        updatedAt = entry.updatedAt.timeIntervalSince1970
    }

    func model() throws(ThreadStoreError) -> StoredMemoryEntry {
        StoredMemoryEntry(
            id: try RowDecoding.uuid(id, "memory_entries.id"),
            industry: industry,
            sourceLanguage: try RowDecoding.language(sourceLanguage, "memory_entries.source_language"),
            targetLanguage: try RowDecoding.language(targetLanguage, "memory_entries.target_language"),
            source: source,
            sourceKey: sourceKey,
            target: target,
            status: try RowDecoding.value(status, "memory_entries.status"),
            origin: try RowDecoding.value(origin, "memory_entries.origin"),
            note: note,
            machineTarget: machineTarget,
            messageID: try RowDecoding.optionalUUID(messageID, "memory_entries.message_id"),
            externalID: externalID,
            createdBy: createdBy,
            createdAt: RowDecoding.date(createdAt),
            reviewedBy: reviewedBy,
            reviewedAt: reviewedAt.map(RowDecoding.date),
            updatedAt: RowDecoding.date(updatedAt)
        )
    }

    enum CodingKeys: String, CodingKey {
        case id, industry
        case sourceLanguage = "source_language"
        case targetLanguage = "target_language"
        case source
        case sourceKey = "source_key"
        case target, status, origin, note
        case machineTarget = "machine_target"
        case messageID = "message_id"
        case externalID = "external_id"
        case createdBy = "created_by"
        case createdAt = "created_at"
        case reviewedBy = "reviewed_by"
        case reviewedAt = "reviewed_at"
        case updatedAt = "updated_at"
    }
}

extension MemoryEntryRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "memory_entries" }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let industry = Column(CodingKeys.industry)
        static let sourceLanguage = Column(CodingKeys.sourceLanguage)
        static let targetLanguage = Column(CodingKeys.targetLanguage)
        static let sourceKey = Column(CodingKeys.sourceKey)
        static let status = Column(CodingKeys.status)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }
}
