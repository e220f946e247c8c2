public import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func setConsent(
        contactID: UUID,
        _ change: ConsentChange,
        messageID: UUID?,
        onlyFrom expected: Consent.State?
    ) async throws(ThreadStoreError) -> Contact {
        let now = self.now()
        return try await write("set a contact's consent") { db in
            if let expected {
                let current = try Self.contact(db, contactID).model().consent?.state
                guard current == expected else {
                    throw ThreadStoreError.conflict(
                        "The contact's consent is \(current?.rawValue ?? "unset"), no longer \(expected.rawValue): it changed meanwhile; reload and look again.")
                }
            }
            let consent = Consent(state: change.state, at: now, messageID: messageID, keyword: change.keyword)
            let contact = try Self.setConsent(db, contactID: contactID, consent)
            let conversations = try ConversationRecord
                .filter(ConversationRecord.Columns.contactID == contactID.databaseText)
                .order(Column.rowID)
                .fetchAll(db)
            for conversation in conversations {
                try Self.record(
                    db, .consentChanged, conversationID: try RowDecoding.uuid(conversation.id, "conversations.id"),
                    messageID: messageID, at: now)
            }
            return contact
        }
    }

    /// Writes a contact's consent inside the write transaction; the caller records the events.
    static func setConsent(_ db: Database, contactID: UUID, _ consent: Consent) throws -> Contact {
        var contact = try Self.contact(db, contactID).model()
        contact.consent = consent
        try ContactRecord(contact).update(db)
        return contact
    }
}
