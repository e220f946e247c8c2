#if PostgreSQL
public import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
    public func conversationSnapshot(id: UUID, messageLimit: Int, memoryIndustry: String?) async throws(ThreadStoreError)
        -> ConversationSnapshot
    {
        guard messageLimit >= 0 else { throw .invalidInput("The limit is \(messageLimit); give 0 or more.") }
        let industry = try memoryIndustry.map { industry throws(ThreadStoreError) in try ThreadStoreInput.required(industry, "The memory's industry") }
        return try await read("read a conversation") { connection in
            let conversation = try await Self.conversation(connection, id, logger)
            let number = try await Self.number(connection, conversation.numberID, logger)
            let contact = try await Self.contact(connection, conversation.contactID, logger)
            var messages: [Message] = []
            if messageLimit > 0 {
                messages = try await connection.rows(
                    "SELECT * FROM messages WHERE conversation_id = \(id) ORDER BY sequence DESC LIMIT \(messageLimit)", logger: logger
                ).reversed().map(PostgresRows.message)
            }
            var revision: Int64?
            if let industry {
                let row = try await connection.row("SELECT revision FROM memory_revisions WHERE industry = \(industry)", logger: logger)
                revision = try row?["revision"].decode(Int64.self) ?? 0
            }
            return ConversationSnapshot(
                conversation: conversation, number: number, contact: contact, latestMessages: messages, memoryRevision: revision)
        }
    }

    public func activeAccessKeyWithPerson(digest: String) async throws(ThreadStoreError) -> AccessKeySignIn? {
        try await read("read a key") { connection in
            guard
                let row = try await connection.row(
                    "SELECT * FROM access_keys WHERE digest = \(digest) AND revoked_at IS NULL", logger: logger)
            else { return nil }
            let key = try PostgresRows.accessKey(row)
            guard let personID = key.personID else { return AccessKeySignIn(key: key, person: nil) }
            let person = try await connection.row("SELECT * FROM reps WHERE id = \(personID)", logger: logger).map(PostgresRows.rep)
            return AccessKeySignIn(key: key, person: person)
        }
    }
}
#endif
