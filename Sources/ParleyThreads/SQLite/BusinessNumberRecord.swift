internal import Foundation
internal import GRDB

/// One row of the `business_numbers` table.
struct BusinessNumberRecord: Codable, Sendable, Hashable {
    var id: String
    var phone: String
    var repID: String
    var createdAt: Double

    init(_ number: BusinessNumber) {
        id = number.id.databaseText
        phone = number.phone.e164
        repID = number.repID.databaseText
        createdAt = number.createdAt.timeIntervalSince1970
    }

    func model() throws(ThreadStoreError) -> BusinessNumber {
        BusinessNumber(
            id: try RowDecoding.uuid(id, "business_numbers.id"),
            phone: try RowDecoding.phone(phone, "business_numbers.phone"),
            repID: try RowDecoding.uuid(repID, "business_numbers.rep_id"),
            createdAt: RowDecoding.date(createdAt)
        )
    }

    enum CodingKeys: String, CodingKey {
        case id, phone
        case repID = "rep_id"
        case createdAt = "created_at"
    }
}

extension BusinessNumberRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "business_numbers" }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let phone = Column(CodingKeys.phone)
        static let repID = Column(CodingKeys.repID)
    }
}
