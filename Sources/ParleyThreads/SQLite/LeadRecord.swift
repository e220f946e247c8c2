internal import Foundation
internal import GRDB

/// One row of the `leads` table.
struct LeadRecord: Codable, Sendable, Hashable {
    var id: String
    var contactID: String
    var conversationID: String
    var source: String
    /// [``LeadTurn``] as JSON.
    var transcript: String
    var createdAt: Double
    var pickedUpBy: String?
    var pickedUpAt: Double?

    init(_ lead: Lead) {
        id = lead.id.databaseText
        contactID = lead.contactID.databaseText
        conversationID = lead.conversationID.databaseText
        source = lead.source
        transcript = RowDecoding.jsonText(lead.transcript)
        createdAt = lead.createdAt.timeIntervalSince1970
        pickedUpBy = lead.pickedUpBy?.databaseText
        pickedUpAt = lead.pickedUpAt?.timeIntervalSince1970
    }

    func model() throws(ThreadStoreError) -> Lead {
        Lead(
            id: try RowDecoding.uuid(id, "leads.id"),
            contactID: try RowDecoding.uuid(contactID, "leads.contact_id"),
            conversationID: try RowDecoding.uuid(conversationID, "leads.conversation_id"),
            source: source,
            transcript: try RowDecoding.json([LeadTurn].self, transcript, "leads.transcript"),
            createdAt: RowDecoding.date(createdAt),
            pickedUpBy: try pickedUpBy.map { id throws(ThreadStoreError) in try RowDecoding.uuid(id, "leads.picked_up_by") },
            pickedUpAt: pickedUpAt.map(RowDecoding.date)
        )
    }

    enum CodingKeys: String, CodingKey {
        case id
        case contactID = "contact_id"
        case conversationID = "conversation_id"
        case source, transcript
        case createdAt = "created_at"
        case pickedUpBy = "picked_up_by"
        case pickedUpAt = "picked_up_at"
    }
}

extension LeadRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "leads" }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let contactID = Column(CodingKeys.contactID)
        static let createdAt = Column(CodingKeys.createdAt)
        static let conversationID = Column(CodingKeys.conversationID)
        static let pickedUpBy = Column(CodingKeys.pickedUpBy)
    }
}
