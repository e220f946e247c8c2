public import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func conversationSnapshot(id: UUID, messageLimit: Int, memoryIndustry: String?) async throws(ThreadStoreError)
        -> ConversationSnapshot
    {
        guard messageLimit >= 0 else { throw .invalidInput("The limit is \(messageLimit); give 0 or more.") }
        let industry = try memoryIndustry.map { industry throws(ThreadStoreError) in try ThreadStoreInput.required(industry, "The memory's industry") }
        return try await read("read a conversation") { db in
            // Cached statements: a preview asks this on every keystroke pause.
            let conversationStatement = try db.cachedStatement(sql: "SELECT * FROM conversations WHERE id = ?")
            guard let conversation = try ConversationRecord.fetchOne(conversationStatement, arguments: [id.databaseText]) else {
                throw ThreadStoreError.notFound("There is no conversation \(id); check the identifier.")
            }
            let model = try conversation.model()
            let numberStatement = try db.cachedStatement(sql: "SELECT * FROM business_numbers WHERE id = ?")
            guard let number = try BusinessNumberRecord.fetchOne(numberStatement, arguments: [model.numberID.databaseText]) else {
                throw ThreadStoreError.notFound("There is no business number \(model.numberID); check the identifier.")
            }
            let contactStatement = try db.cachedStatement(sql: "SELECT * FROM contacts WHERE id = ?")
            guard let contact = try ContactRecord.fetchOne(contactStatement, arguments: [model.contactID.databaseText]) else {
                throw ThreadStoreError.notFound("There is no contact \(model.contactID); check the identifier.")
            }
            var messages: [Message] = []
            if messageLimit > 0 {
                let statement = try db.cachedStatement(sql: "SELECT * FROM messages WHERE conversation_id = ? ORDER BY sequence DESC LIMIT ?")
                messages = try MessageRecord.fetchAll(statement, arguments: [id.databaseText, messageLimit]).reversed().map { try $0.model() }
            }
            var revision: Int64?
            if let industry {
                let statement = try db.cachedStatement(sql: "SELECT revision FROM memory_revisions WHERE industry = ?")
                revision = try Int64.fetchOne(statement, arguments: [industry]) ?? 0
            }
            return ConversationSnapshot(
                conversation: model, number: try number.model(), contact: try contact.model(), latestMessages: messages,
                memoryRevision: revision)
        }
    }

    public func activeAccessKeyWithPerson(digest: String) async throws(ThreadStoreError) -> AccessKeySignIn? {
        try await read("read a key") { db in
            let keyStatement = try db.cachedStatement(sql: "SELECT * FROM access_keys WHERE digest = ? AND revoked_at IS NULL")
            guard let row = try Row.fetchOne(keyStatement, arguments: [digest]) else { return nil }
            let key = try Self.accessKey(row)
            guard let personID = key.personID else { return AccessKeySignIn(key: key, person: nil) }
            let personStatement = try db.cachedStatement(sql: "SELECT * FROM reps WHERE id = ?")
            return AccessKeySignIn(key: key, person: try RepRecord.fetchOne(personStatement, arguments: [personID.databaseText])?.model())
        }
    }
}
