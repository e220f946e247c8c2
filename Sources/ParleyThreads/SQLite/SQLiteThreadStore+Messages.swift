public import Foundation
internal import GRDB
public import ParleyLanguage

extension SQLiteThreadStore {
    public func appendInbound(_ draft: InboundMessageDraft) async throws(ThreadStoreError) -> AppendedMessage {
        let providerMessageID = try ThreadStoreInput.optionalProviderID(draft.providerMessageID)
        let now = self.now()
        return try await write("append an inbound message") { db in
            try Self.appendInbound(db, draft, providerMessageID: providerMessageID, at: now)
        }
    }

    public func appendOutbound(_ draft: OutboundMessageDraft) async throws(ThreadStoreError) -> Message {
        let providerMessageID = try ThreadStoreInput.optionalProviderID(draft.providerMessageID)
        let now = self.now()
        return try await write("append an outbound message") { db in
            var conversation = try Self.conversation(db, draft.conversationID)
            if let providerMessageID, try Self.message(db, providerMessageID: providerMessageID) != nil {
                throw ThreadStoreError.conflict(
                    "A message with the provider identifier \(providerMessageID) is already stored; "
                        + "update its delivery status instead of appending it again."
                )
            }
            let message = draft.message(sequence: try Self.nextSequence(db, conversation.id), providerMessageID: providerMessageID, now: now)
            try MessageRecord(message).insert(db)
            try Self.added(db, message, to: &conversation, at: now)
            if message.deliveryStatus == .queued {
                _ = try Self.enqueue(db, .sendOutbound, subjectID: message.id, runAfter: draft.sendAfter ?? now, now: now)
            }
            return message
        }
    }

    public func updateTranslation(
        messageID: UUID,
        _ translation: MessageTranslation
    ) async throws(ThreadStoreError) -> Message {
        let now = self.now()
        return try await write("update a message's translation") { db in
            try Self.store(db, translation, messageID: messageID, at: now)
        }
    }

    public func completeTranslation(
        messageID: UUID, _ translation: MessageTranslation, learning language: LanguageTag?, contactID: UUID,
        jobID: UUID, owner: String
    ) async throws(ThreadStoreError) -> Message {
        let finished = FinishedTranslation(
            messageID: messageID, translation: translation, language: language, contactID: contactID, jobID: jobID, owner: owner)
        let store = self
        return try await translations.submit(finished) { items in await store.complete(items) }.get()
    }

    /// Writes finished translations in one transaction (``writeEach(_:_:itemOperation:_:)``); one
    /// outcome per item.
    func complete(_ items: [FinishedTranslation]) async -> [Result<Message, ThreadStoreError>] {
        await writeEach(items, "store translations", itemOperation: "store a message's translation") { db, item, now in
            try Self.complete(db, item, at: now)
        }
    }

    /// One finished translation inside the write transaction.
    static func complete(_ db: Database, _ item: FinishedTranslation, at now: Date) throws -> Message {
        let message = try Self.store(db, item.translation, messageID: item.messageID, at: now)
        if let language = item.language {
            var contact = try Self.contact(db, item.contactID).model()
            if contact.preferredLanguage == nil {
                contact.preferredLanguage = language
                contact.languageSource = .detected
                try ContactRecord(contact).update(db)
            }
        }
        _ = try Self.finish(db, item.jobID, owner: item.owner, now: now) { job in job.state = .done }
        return message
    }

    /// Sets a message's translation and records the change as an event.
    static func store(_ db: Database, _ translation: MessageTranslation, messageID: UUID, at now: Date) throws -> Message {
        var message = try Self.message(db, messageID).model()
        message.apply(translation, at: now)
        try MessageRecord(message).update(db)
        try Self.record(db, .messageUpdated, conversationID: message.conversationID, messageID: message.id, at: now)
        return message
    }

    public func updateDeliveryStatus(
        messageID: UUID,
        _ status: Message.DeliveryStatus,
        providerMessageID: String?
    ) async throws(ThreadStoreError) -> Message {
        let providerMessageID = try ThreadStoreInput.optionalProviderID(providerMessageID)
        let now = self.now()
        return try await write("update a message's delivery status") { db in
            let message = try Self.message(db, messageID).model()
            return try Self.update(db, message, status, providerMessageID: providerMessageID, at: now)
        }
    }

    public func updateDeliveryStatus(
        providerMessageID: String,
        _ status: Message.DeliveryStatus
    ) async throws(ThreadStoreError) -> Message {
        let now = self.now()
        return try await write("update a message's delivery status") { db in
            guard let record = try Self.message(db, providerMessageID: providerMessageID) else {
                throw ThreadStoreError.notFound(
                    "No message has the provider identifier \(providerMessageID); the status callback may be "
                        + "for a message sent outside Parley."
                )
            }
            return try Self.update(db, try record.model(), status, providerMessageID: nil, at: now)
        }
    }

    public func message(id: UUID) async throws(ThreadStoreError) -> Message {
        try await read("read a message") { db in try Self.message(db, id).model() }
    }

    public func messages(
        conversationID: UUID,
        afterSequence: Int64,
        limit: Int
    ) async throws(ThreadStoreError) -> [Message] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list a conversation's messages") { db in
            _ = try Self.conversation(db, conversationID)
            return try MessageRecord
                .filter(MessageRecord.Columns.conversationID == conversationID.databaseText)
                .filter(MessageRecord.Columns.sequence > afterSequence)
                .order(MessageRecord.Columns.sequence)
                .limit(limit)
                .fetchAll(db)
                .map { try $0.model() }
        }
    }

    public func latestMessages(
        conversationID: UUID,
        beforeSequence: Int64?,
        limit: Int
    ) async throws(ThreadStoreError) -> [Message] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list a conversation's latest messages") { db in
            _ = try Self.conversation(db, conversationID)
            var request = MessageRecord.filter(MessageRecord.Columns.conversationID == conversationID.databaseText)
            if let beforeSequence { request = request.filter(MessageRecord.Columns.sequence < beforeSequence) }
            return try request
                .order(MessageRecord.Columns.sequence.desc)
                .limit(limit)
                .fetchAll(db)
                .reversed()
                .map { try $0.model() }
        }
    }

    public func messagesPendingTranslation(limit: Int) async throws(ThreadStoreError) -> [Message] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        return try await read("list messages pending translation") { db in
            try MessageRecord
                .filter(MessageRecord.Columns.translationStatus == Message.TranslationStatus.pending.rawValue)
                .order(MessageRecord.Columns.createdAt, Column.rowID)
                .limit(limit)
                .fetchAll(db)
                .map { try $0.model() }
        }
    }

    // MARK: Plumbing

    /// Appends an inbound message inside the write transaction: ``ThreadStore/appendInbound(_:)``.
    static func appendInbound(
        _ db: Database, _ draft: InboundMessageDraft, providerMessageID: String?, at now: Date
    ) throws -> AppendedMessage {
        var conversation = try Self.conversation(db, draft.conversationID)
        if let providerMessageID, let existing = try Self.message(db, providerMessageID: providerMessageID) {
            return AppendedMessage(message: try existing.model(), inserted: false)
        }
        let message = draft.message(sequence: try Self.nextSequence(db, conversation.id), providerMessageID: providerMessageID, now: now)
        do {
            try MessageRecord(message).insert(db)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            // Another process stored the same webhook between the lookup and the insert.
            if let providerMessageID, let existing = try Self.message(db, providerMessageID: providerMessageID) {
                return AppendedMessage(message: try existing.model(), inserted: false)
            }
            throw error
        }
        conversation.unreadCount += 1
        // A new message from the contact opens a conversation the rep had marked done.
        let reopened = conversation.state != Conversation.State.open.rawValue
        conversation.state = Conversation.State.open.rawValue
        try Self.added(db, message, to: &conversation, at: now)
        if reopened { try Self.record(db, .stateChanged, conversationID: message.conversationID, at: now) }
        if message.translationStatus == .pending {
            _ = try Self.enqueue(db, .translateInbound, subjectID: message.id, runAfter: now, now: now)
        }
        if let change = draft.consent {
            let contactID = try RowDecoding.uuid(conversation.contactID, "conversations.contact_id")
            let consent = Consent(
                state: change.state, at: message.createdAt, messageID: message.id, keyword: change.keyword)
            _ = try Self.setConsent(db, contactID: contactID, consent)
            try Self.record(db, .consentChanged, conversationID: message.conversationID, messageID: message.id, at: now)
        }
        return AppendedMessage(message: message, inserted: true)
    }


    /// The sequence number of a conversation's next message, inside the write transaction.
    static func nextSequence(_ db: Database, _ conversationID: String) throws -> Int64 {
        let last = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT MAX(sequence) FROM messages WHERE conversation_id = ?"),
            arguments: [conversationID]
        )
        return (last ?? 0) + 1
    }

    static func message(_ db: Database, providerMessageID: String) throws -> MessageRecord? {
        try MessageRecord.fetchOne(db, cached: "SELECT * FROM messages WHERE provider_message_id = ? LIMIT 1", arguments: [providerMessageID])
    }

    /// Moves a conversation's last message and activity times to a new message's (never back),
    /// saves it, and records both events.
    static func added(_ db: Database, _ message: Message, to conversation: inout ConversationRecord, at now: Date) throws {
        let at = message.createdAt.timeIntervalSince1970
        conversation.lastMessageAt = max(conversation.lastMessageAt ?? at, at)
        conversation.activityAt = max(conversation.activityAt, at)
        // Every column, as `conversation.update(db)` would write them, through one cached statement.
        let update = try db.cachedStatement(sql: """
            UPDATE conversations SET number_id = ?, contact_id = ?, last_message_at = ?, activity_at = ?, unread_count = ?,
            created_at = ?, state = ? WHERE id = ?
            """)
        try update.execute(arguments: [
            conversation.numberID, conversation.contactID, conversation.lastMessageAt, conversation.activityAt,
            conversation.unreadCount, conversation.createdAt, conversation.state, conversation.id,
        ])
        guard db.changesCount == 1 else {
            throw ThreadStoreError.notFound("There is no conversation \(conversation.id); check the identifier.")
        }
        let conversationID = message.conversationID
        try record(db, .messageAdded, conversationID: conversationID, messageID: message.id, at: now)
        try record(db, .conversationUpdated, conversationID: conversationID, at: now)
    }

    /// Applies a delivery status that moves forward, and a provider identifier the message lacks;
    /// records an event when anything changed.
    static func update(
        _ db: Database,
        _ message: Message,
        _ status: Message.DeliveryStatus,
        providerMessageID: String?,
        at now: Date
    ) throws -> Message {
        var message = message
        var changed = false
        if let providerMessageID, providerMessageID != message.providerMessageID {
            if let existing = message.providerMessageID {
                throw ThreadStoreError.conflict(
                    "Message \(message.id) already has the provider identifier \(existing), not "
                        + "\(providerMessageID); update it by that identifier."
                )
            }
            if try Self.message(db, providerMessageID: providerMessageID) != nil {
                throw ThreadStoreError.conflict(
                    "Another message has the provider identifier \(providerMessageID)."
                )
            }
            message.providerMessageID = providerMessageID
            changed = true
        }
        let current = message.deliveryStatus
        if status != current, current.rank < Message.DeliveryStatus.delivered.rank, status.rank >= current.rank {
            message.deliveryStatus = status
            changed = true
        }
        guard changed else { return message }
        message.updatedAt = now
        try MessageRecord(message).update(db)
        try record(db, .messageUpdated, conversationID: message.conversationID, messageID: message.id, at: now)
        return message
    }

}
