internal import Foundation
internal import GRDB

/// One row of the `conversations` table.
struct ConversationRecord: Codable, Sendable, Hashable {
    var id: String
    var numberID: String
    var contactID: String
    var lastMessageAt: Double?
    /// ``lastMessageAt``, or ``createdAt`` before any message.
    var activityAt: Double
    var unreadCount: Int
    var createdAt: Double
    /// ``Conversation/State``.
    var state: String

    init(_ conversation: Conversation) {
        id = conversation.id.databaseText
        numberID = conversation.numberID.databaseText
        contactID = conversation.contactID.databaseText
        lastMessageAt = conversation.lastMessageAt?.timeIntervalSince1970
        activityAt = conversation.activityAt.timeIntervalSince1970
        unreadCount = conversation.unreadCount
        createdAt = conversation.createdAt.timeIntervalSince1970
        state = conversation.state.rawValue
    }

    func model() throws(ThreadStoreError) -> Conversation {
        Conversation(
            id: try RowDecoding.uuid(id, "conversations.id"),
            numberID: try RowDecoding.uuid(numberID, "conversations.number_id"),
            contactID: try RowDecoding.uuid(contactID, "conversations.contact_id"),
            lastMessageAt: lastMessageAt.map(RowDecoding.date),
            unreadCount: unreadCount,
            createdAt: RowDecoding.date(createdAt),
            activityAt: RowDecoding.date(activityAt),
            state: try RowDecoding.value(state, "conversations.state")
        )
    }

    enum CodingKeys: String, CodingKey {
        case id
        case numberID = "number_id"
        case contactID = "contact_id"
        case lastMessageAt = "last_message_at"
        case activityAt = "activity_at"
        case unreadCount = "unread_count"
        case createdAt = "created_at"
        case state
    }
}

extension ConversationRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "conversations" }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let numberID = Column(CodingKeys.numberID)
        static let contactID = Column(CodingKeys.contactID)
        static let activityAt = Column(CodingKeys.activityAt)
        static let unreadCount = Column(CodingKeys.unreadCount)
        static let state = Column(CodingKeys.state)
    }
}
