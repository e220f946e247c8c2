internal import Foundation
internal import GRDB

/// One row of the `reps` table.
struct RepRecord: Codable, Sendable, Hashable {
    var id: String
    var name: String
    var email: String
    var role: String
    var createdAt: Double
    var deactivatedAt: Double?

    init(_ rep: Rep) {
        id = rep.id.databaseText
        name = rep.name
        email = rep.email
        role = rep.role.rawValue
        createdAt = rep.createdAt.timeIntervalSince1970
        deactivatedAt = rep.deactivatedAt?.timeIntervalSince1970
    }

    func model() throws(ThreadStoreError) -> Rep {
        Rep(
            id: try RowDecoding.uuid(id, "reps.id"),
            name: name,
            email: email,
            role: try RowDecoding.value(role, "reps.role"),
            createdAt: RowDecoding.date(createdAt),
            deactivatedAt: deactivatedAt.map(RowDecoding.date)
        )
    }

    enum CodingKeys: String, CodingKey {
        case id, name, email, role
        case createdAt = "created_at"
        case deactivatedAt = "deactivated_at"
    }
}

extension RepRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "reps" }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let email = Column(CodingKeys.email)
    }
}
