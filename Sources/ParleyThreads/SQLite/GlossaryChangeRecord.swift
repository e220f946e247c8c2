internal import Foundation
internal import GRDB

/// One row of the `glossary_changes` table; ``id`` is assigned on insert.
struct GlossaryChangeRecord: Codable, Sendable, Hashable {
    var id: Int64?
    var industry: String
    var version: String
    var author: String
    var action: String
    var at: Double
    var detail: String

    init(industry: String, version: String, author: String, action: String, at: Date, detail: String) {
        self.industry = industry
        self.version = version
        self.author = author
        self.action = action
        self.at = at.timeIntervalSince1970
        self.detail = detail
    }

    func model() -> GlossaryChange {
        GlossaryChange(
            id: id ?? 0,
            industry: industry,
            version: version,
            author: author,
            action: action,
            at: RowDecoding.date(at),
            detail: detail
        )
    }
}

extension GlossaryChangeRecord: FetchableRecord, MutablePersistableRecord {
    static var databaseTableName: String { "glossary_changes" }

    enum Columns {
        static let id = Column("id")
        static let industry = Column("industry")
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
