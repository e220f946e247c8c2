internal import Foundation
internal import GRDB

/// One row of the `thread_events` table; ``id`` is assigned on insert.
struct ThreadEventRecord: Codable, Sendable, Hashable {
    var id: Int64?
    var conversationID: String
    var kind: String
    var messageID: String?
    var at: Double

    init(conversationID: UUID, kind: ThreadEvent.Kind, messageID: UUID?, at: Date) {
        self.conversationID = conversationID.databaseText
        self.kind = kind.rawValue
        self.messageID = messageID?.databaseText
        self.at = at.timeIntervalSince1970
    }

    func model() throws(ThreadStoreError) -> ThreadEvent {
        ThreadEvent(
            id: id ?? 0,
            conversationID: try RowDecoding.uuid(conversationID, "thread_events.conversation_id"),
            kind: try RowDecoding.value(kind, "thread_events.kind"),
            messageID: try RowDecoding.optionalUUID(messageID, "thread_events.message_id"),
            at: RowDecoding.date(at)
        )
    }

    enum CodingKeys: String, CodingKey {
        case id
        case conversationID = "conversation_id"
        case kind
        case messageID = "message_id"
        case at
    }
}

extension ThreadEventRecord: FetchableRecord, MutablePersistableRecord {
    static var databaseTableName: String { "thread_events" }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let conversationID = Column(CodingKeys.conversationID)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
