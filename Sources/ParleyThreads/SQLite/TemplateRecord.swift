internal import Foundation
internal import GRDB

/// One row of the `templates` table.
struct TemplateRecord: Codable, Sendable, Hashable {
    var id: String
    var repID: String?
    var name: String
    var text: String
    var createdAt: Double
    var updatedAt: Double

    init(_ template: StoredTemplate) {
        id = template.id.databaseText
        repID = template.repID?.databaseText
        name = template.name
        text = template.text
        createdAt = template.createdAt.timeIntervalSince1970
        updatedAt = template.updatedAt.timeIntervalSince1970
    }

    func model() throws(ThreadStoreError) -> StoredTemplate {
        StoredTemplate(
            id: try RowDecoding.uuid(id, "templates.id"),
            repID: try RowDecoding.optionalUUID(repID, "templates.rep_id"),
            name: name,
            text: text,
            createdAt: RowDecoding.date(createdAt),
            updatedAt: RowDecoding.date(updatedAt)
        )
    }

    enum CodingKeys: String, CodingKey {
        case id
        case repID = "rep_id"
        case name, text
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

extension TemplateRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "templates" }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let repID = Column(CodingKeys.repID)
        static let name = Column(CodingKeys.name)
    }
}
