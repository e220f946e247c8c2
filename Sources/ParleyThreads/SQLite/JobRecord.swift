internal import Foundation
internal import GRDB

/// One row of the `jobs` table.
struct JobRecord: Codable, Sendable, Hashable {
    var id: String
    var kind: String
    var subjectID: String
    var state: String
    var attempts: Int
    var runAfter: Double
    var leaseOwner: String?
    var leaseExpiresAt: Double?
    var lastError: String?
    var createdAt: Double
    var updatedAt: Double

    init(_ job: Job) {
        id = job.id.databaseText
        kind = job.kind.rawValue
        subjectID = job.subjectID.databaseText
        state = job.state.rawValue
        attempts = job.attempts
        runAfter = job.runAfter.timeIntervalSince1970
        leaseOwner = job.leaseOwner
        leaseExpiresAt = job.leaseExpiresAt?.timeIntervalSince1970
        lastError = job.lastError
        createdAt = job.createdAt.timeIntervalSince1970
        updatedAt = job.updatedAt.timeIntervalSince1970
    }

    func model() throws(ThreadStoreError) -> Job {
        Job(
            id: try RowDecoding.uuid(id, "jobs.id"),
            kind: try RowDecoding.value(kind, "jobs.kind"),
            subjectID: try RowDecoding.uuid(subjectID, "jobs.subject_id"),
            state: try RowDecoding.value(state, "jobs.state"),
            attempts: attempts,
            runAfter: RowDecoding.date(runAfter),
            leaseOwner: leaseOwner,
            leaseExpiresAt: leaseExpiresAt.map(RowDecoding.date),
            lastError: lastError,
            createdAt: RowDecoding.date(createdAt),
            updatedAt: RowDecoding.date(updatedAt)
        )
    }

    enum CodingKeys: String, CodingKey {
        case id, kind
        case subjectID = "subject_id"
        case state, attempts
        case runAfter = "run_after"
        case leaseOwner = "lease_owner"
        case leaseExpiresAt = "lease_expires_at"
        case lastError = "last_error"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

extension JobRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "jobs" }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let kind = Column(CodingKeys.kind)
        static let subjectID = Column(CodingKeys.subjectID)
        static let state = Column(CodingKeys.state)
        static let runAfter = Column(CodingKeys.runAfter)
        static let leaseExpiresAt = Column(CodingKeys.leaseExpiresAt)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }
}
