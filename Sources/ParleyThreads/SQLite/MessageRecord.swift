internal import Foundation
internal import GRDB
internal import ParleyLanguage

/// One row of the `messages` table.
struct MessageRecord: Codable, Sendable, Hashable {
    var id: String
    var conversationID: String
    var sequence: Int64
    var direction: String
    var original: String
    var detectedLanguage: String?
    var confidence: Double?
    var shownText: String
    var sentText: String?
    var translationStatus: String
    var translationError: String?
    /// ``MessageProvenance`` as JSON.
    var provenance: String?
    var deliveryStatus: String
    var providerMessageID: String?
    var leadID: String?
    var createdAt: Double
    var updatedAt: Double
    var sentBy: String?

    init(_ message: Message) {
        id = message.id.databaseText
        conversationID = message.conversationID.databaseText
        sequence = message.sequence
        direction = message.direction.rawValue
        original = message.original
        detectedLanguage = message.detectedLanguage?.identifier
        confidence = message.confidence
        shownText = message.shownText
        sentText = message.sentText
        translationStatus = message.translationStatus.rawValue
        translationError = message.translationError
        provenance = message.provenance.map(RowDecoding.jsonText)
        deliveryStatus = message.deliveryStatus.rawValue
        providerMessageID = message.providerMessageID
        leadID = message.leadID?.databaseText
        createdAt = message.createdAt.timeIntervalSince1970
        updatedAt = message.updatedAt.timeIntervalSince1970
        sentBy = message.sentBy?.databaseText
    }

    func model() throws(ThreadStoreError) -> Message {
        Message(
            id: try RowDecoding.uuid(id, "messages.id"),
            conversationID: try RowDecoding.uuid(conversationID, "messages.conversation_id"),
            sequence: sequence,
            direction: try RowDecoding.value(direction, "messages.direction"),
            original: original,
            detectedLanguage: try RowDecoding.language(detectedLanguage, "messages.detected_language"),
            confidence: confidence,
            shownText: shownText,
            sentText: sentText,
            translationStatus: try RowDecoding.value(translationStatus, "messages.translation_status"),
            translationError: translationError,
            provenance: try provenance.map { text throws(ThreadStoreError) in
                try RowDecoding.json(MessageProvenance.self, text, "messages.provenance")
            },
            deliveryStatus: try RowDecoding.value(deliveryStatus, "messages.delivery_status"),
            providerMessageID: providerMessageID,
            leadID: try RowDecoding.optionalUUID(leadID, "messages.lead_id"),
            createdAt: RowDecoding.date(createdAt),
            updatedAt: RowDecoding.date(updatedAt),
            sentBy: try RowDecoding.optionalUUID(sentBy, "messages.sent_by")
        )
    }

    enum CodingKeys: String, CodingKey {
        case id
        case conversationID = "conversation_id"
        case sequence, direction, original
        case detectedLanguage = "detected_language"
        case confidence
        case shownText = "shown_text"
        case sentText = "sent_text"
        case translationStatus = "translation_status"
        case translationError = "translation_error"
        case provenance
        case deliveryStatus = "delivery_status"
        case providerMessageID = "provider_message_id"
        case leadID = "lead_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case sentBy = "sent_by"
    }
}

extension MessageRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "messages" }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let conversationID = Column(CodingKeys.conversationID)
        static let sequence = Column(CodingKeys.sequence)
        static let translationStatus = Column(CodingKeys.translationStatus)
        static let providerMessageID = Column(CodingKeys.providerMessageID)
        static let createdAt = Column(CodingKeys.createdAt)
    }
}
