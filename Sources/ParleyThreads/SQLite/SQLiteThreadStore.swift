public import Foundation
internal import GRDB

/// The ``ThreadStore`` on a ``ParleyDatabase``: its tables come with the database's migrations.
///
/// Writes are transactions, so a message, its conversation's new state and their events are
/// stored together or not at all. A message's sequence number is assigned inside its transaction,
/// and a provider's message identifier is unique in the table, so repeated webhooks store one
/// message even when they race.
///
/// ```swift
/// let store = SQLiteThreadStore(database: try ParleyDatabase(path: "parley.sqlite"))
/// let rep = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
/// ```
public struct SQLiteThreadStore: ThreadStore {
    /// The database holding the tables.
    public let database: ParleyDatabase
    let now: @Sendable () -> Date
    /// Streams of ``eventSignals()``, fed after each commit that writes events through this store
    /// or its copies.
    let signals = EventSignalHub(complete: false)
    /// Inbound messages received together, written in shared transactions (``receiveInbound(_:)``).
    let inbound = GroupCommit<InboundDelivery, InboundReceipt>()
    /// Translation jobs finished together, written in shared transactions (``completeTranslation(messageID:_:learning:contactID:jobID:owner:)``).
    let translations = GroupCommit<FinishedTranslation, Message>()

    /// Creates a store on a database, on the system clock.
    /// - Parameters:
    ///   - database: the database.
    public init(database: ParleyDatabase) {
        self.init(database: database, now: { Date() })
    }

    /// Creates a store on a database, on a clock of the caller's; tests pass one that moves only
    /// when told to.
    /// - Parameters:
    ///   - database: the database.
    ///   - now: the wall clock.
    public init(database: ParleyDatabase, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.now = now
    }

    // MARK: Reps

    public func createRep(name: String, email: String, role: Rep.Role) async throws(ThreadStoreError) -> Rep {
        let name = try ThreadStoreInput.required(name, "A rep's name")
        let email = try ThreadStoreInput.required(email, "A rep's email")
        guard email.contains("@") else {
            throw .invalidInput("'\(email)' is not an email address; give one like dana@example.com.")
        }
        let rep = Rep(id: UUID(), name: name, email: email, role: role, createdAt: now())
        return try await write("create a rep") { db in
            if try RepRecord.filter(RepRecord.Columns.email == email).fetchOne(db) != nil {
                throw ThreadStoreError.conflict(
                    "A rep with the email \(email) already exists; use another email or change that rep."
                )
            }
            try RepRecord(rep).insert(db)
            return rep
        }
    }

    public func rep(id: UUID) async throws(ThreadStoreError) -> Rep {
        try await read("read a rep") { db in try Self.rep(db, id) }
    }

    public func rep(email: String) async throws(ThreadStoreError) -> Rep? {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await read("read a rep") { db in
            // Cached: every request signed with a `PARLEY_API_KEYS` key reads its person by email.
            try RepRecord.fetchOne(db, cached: "SELECT * FROM reps WHERE email = ? LIMIT 1", arguments: [email])?.model()
        }
    }

    public func reps() async throws(ThreadStoreError) -> [Rep] {
        try await read("list reps") { db in
            try RepRecord.order(RepRecord.Columns.name, RepRecord.Columns.email).fetchAll(db).map { try $0.model() }
        }
    }

    // MARK: Business numbers

    public func assignNumber(_ phone: PhoneNumber, to repID: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        let now = self.now()
        return try await write("assign a business number") { db in
            _ = try Self.rep(db, repID)
            if var record = try BusinessNumberRecord.filter(BusinessNumberRecord.Columns.phone == phone.e164).fetchOne(db) {
                record.repID = repID.databaseText
                try record.update(db)
                return try record.model()
            }
            let number = BusinessNumber(id: UUID(), phone: phone, repID: repID, createdAt: now)
            try BusinessNumberRecord(number).insert(db)
            return number
        }
    }

    public func businessNumber(id: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        try await read("read a business number") { db in try Self.number(db, id) }
    }

    public func businessNumber(phone: PhoneNumber) async throws(ThreadStoreError) -> BusinessNumber? {
        try await read("read a business number") { db in
            try BusinessNumberRecord.filter(BusinessNumberRecord.Columns.phone == phone.e164).fetchOne(db)?.model()
        }
    }

    public func businessNumbers(repID: UUID?) async throws(ThreadStoreError) -> [BusinessNumber] {
        try await read("list business numbers") { db in
            var request = BusinessNumberRecord.order(BusinessNumberRecord.Columns.phone)
            if let repID {
                request = request.filter(BusinessNumberRecord.Columns.repID == repID.databaseText)
            }
            return try request.fetchAll(db).map { try $0.model() }
        }
    }

    // MARK: Plumbing

    /// Reads in a snapshot, mapping every failure to a ``ThreadStoreError``.
    func read<T: Sendable>(
        _ operation: String,
        _ value: @Sendable (Database) throws -> T
    ) async throws(ThreadStoreError) -> T {
        do {
            return try await database.writer.read(value)
        } catch {
            throw ThreadStoreError(error, operation: operation, path: database.path)
        }
    }

    /// Writes in one transaction, which rolls back if `updates` throws, mapping every failure to a
    /// ``ThreadStoreError``.
    func write<T: Sendable>(
        _ operation: String,
        _ updates: @Sendable (Database) throws -> T
    ) async throws(ThreadStoreError) -> T {
        let result: (value: T, events: [ThreadEvent])
        do {
            result = try await database.writer.write { db in
                let before = try Self.newestEventID(db)
                let value = try updates(db)
                // One write at a time: the events this transaction wrote are those after `before`.
                let events = try ThreadEventRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM thread_events WHERE id > ? ORDER BY id"), arguments: [before])
                return (value, try events.map { try $0.model() })
            }
        } catch {
            throw ThreadStoreError(error, operation: operation, path: database.path)
        }
        signals.publish(result.events)
        return result.value
    }

    /// The newest event's identifier; 0 when there is none.
    static func newestEventID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM thread_events")) ?? 0
    }

    /// The events of each commit made through this store and its copies; other processes' commits
    /// on the same file are not signalled (``EventSignal/live(latest:complete:)`` says so with
    /// `complete: false`), so a reader also reads the store now and then.
    public func eventSignals() -> AsyncStream<EventSignal> {
        let database = self.database
        // An async read: a blocking one here held a cooperative thread per new stream until GRDB's
        // reader pool had room, and a few streams opening at once starved every thread (issue 14).
        return signals.subscribe(initial: { try? await database.writer.read { db in try Self.newestEventID(db) } })
    }

    /// Records an event in the current transaction.
    static func record(
        _ db: Database,
        _ kind: ThreadEvent.Kind,
        conversationID: UUID,
        messageID: UUID? = nil,
        at: Date
    ) throws {
        // Two or three events for every message: one cached statement rather than a record insert.
        let insert = try db.cachedStatement(sql: "INSERT INTO thread_events (conversation_id, kind, message_id, at) VALUES (?, ?, ?, ?)")
        try insert.execute(arguments: [conversationID.databaseText, kind.rawValue, messageID?.databaseText, at.timeIntervalSince1970])
    }



    static func rep(_ db: Database, _ id: UUID) throws -> Rep {
        guard let record = try RepRecord.fetchOne(db, key: id.databaseText) else {
            throw ThreadStoreError.notFound("There is no rep \(id); check the identifier.")
        }
        return try record.model()
    }

    static func number(_ db: Database, _ id: UUID) throws -> BusinessNumber {
        guard let record = try BusinessNumberRecord.fetchOne(db, key: id.databaseText) else {
            throw ThreadStoreError.notFound("There is no business number \(id); check the identifier.")
        }
        return try record.model()
    }

    static func contact(_ db: Database, _ id: UUID) throws -> ContactRecord {
        guard let record = try ContactRecord.fetchOne(db, cached: "SELECT * FROM contacts WHERE id = ?", arguments: [id.databaseText]) else {
            throw ThreadStoreError.notFound("There is no contact \(id); check the identifier.")
        }
        return record
    }

    static func conversation(_ db: Database, _ id: UUID) throws -> ConversationRecord {
        guard let record = try ConversationRecord.fetchOne(db, cached: "SELECT * FROM conversations WHERE id = ?", arguments: [id.databaseText]) else {
            throw ThreadStoreError.notFound("There is no conversation \(id); check the identifier.")
        }
        return record
    }

    static func message(_ db: Database, _ id: UUID) throws -> MessageRecord {
        guard let record = try MessageRecord.fetchOne(db, key: id.databaseText) else {
            throw ThreadStoreError.notFound("There is no message \(id); check the identifier.")
        }
        return record
    }
}
