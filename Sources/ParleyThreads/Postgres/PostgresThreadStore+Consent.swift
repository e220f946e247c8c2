#if PostgreSQL
public import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
    public func setConsent(
        contactID: UUID,
        _ change: ConsentChange,
        messageID: UUID?,
        onlyFrom expected: Consent.State?
    ) async throws(ThreadStoreError) -> Contact {
        let now = self.now()
        return try await write("set a contact's consent") { connection, events in
            if let expected {
                // The row stays locked until the transaction ends: no keyword can slip in between.
                guard let row = try await connection.row(
                    "SELECT consent_state FROM contacts WHERE id = \(contactID) FOR UPDATE", logger: logger)
                else { throw ThreadStoreError.notFound("There is no contact \(contactID); check the identifier.") }
                let current = try row["consent_state"].decode(String?.self)
                guard current == expected.rawValue else {
                    throw ThreadStoreError.conflict(
                        "The contact's consent is \(current ?? "unset"), no longer \(expected.rawValue): it changed meanwhile; reload and look again.")
                }
            }
            let consent = Consent(state: change.state, at: now, messageID: messageID, keyword: change.keyword)
            let contact = try await Self.setConsent(connection, contactID: contactID, consent, logger)
            let conversations = try await connection.rows(
                "SELECT id FROM conversations WHERE contact_id = \(contactID) ORDER BY created_at, id",
                logger: logger
            )
            for row in conversations {
                events.record(.consentChanged, conversationID: try row["id"].decode(UUID.self), messageID: messageID, at: now)
            }
            return contact
        }
    }

    /// Writes a contact's consent inside the write transaction; the caller records the events.
    static func setConsent(
        _ connection: PostgresConnection,
        contactID: UUID,
        _ consent: Consent,
        _ logger: Logger
    ) async throws -> Contact {
        guard
            let row = try await connection.row(
                """
                UPDATE contacts SET consent_state = \(consent.state.rawValue), consent_at = \(consent.at.timeIntervalSince1970),
                    consent_message_id = \(consent.messageID), consent_keyword = \(consent.keyword)
                WHERE id = \(contactID)
                RETURNING *
                """,
                logger: logger
            )
        else {
            throw ThreadStoreError.notFound("There is no contact \(contactID); check the identifier.")
        }
        return try PostgresRows.contact(row)
    }
}
#endif
