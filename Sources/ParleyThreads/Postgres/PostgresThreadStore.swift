#if PostgreSQL
public import Foundation
internal import PostgresNIO

/// The ``ThreadStore`` on a ``PostgresDatabase``, which several replicas of the service can share.
///
/// It keeps the SQLite store's rules. Writes are transactions, so a message, its conversation's new
/// state and their events are stored together or not at all. A message's sequence number is
/// assigned while the transaction holds its conversation's row (`SELECT … FOR UPDATE`), and a
/// provider's message identifier is unique in the table (`INSERT … ON CONFLICT DO NOTHING`), so
/// repeated webhooks store one message even when they race on different replicas.
///
/// Events are inserted last in their transaction, with identifiers from a sequence and no lock
/// shared by the cluster, so a stalled replica holds up only its own conversations. The same
/// transaction sends the events themselves with `NOTIFY` on
/// ``PostgresDatabase/Configuration/eventChannel``; every replica's one listener hears them in
/// commit order and hands them to its ``eventSignals()`` streams, with no read per event.
///
/// ```swift
/// let database = try await PostgresDatabase.connect(.init(url: url))
/// let store = PostgresThreadStore(database: database)
/// let rep = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
/// ```
public struct PostgresThreadStore: ThreadStore {
    /// The database holding the tables.
    public let database: PostgresDatabase
    let now: @Sendable () -> Date

    /// Creates a store on a database, on the system clock.
    /// - Parameters:
    ///   - database: the database, migrated.
    public init(database: PostgresDatabase) {
        self.init(database: database, now: { Date() })
    }

    /// Creates a store on a database, on a clock of the caller's; tests pass one that moves only
    /// when told to.
    /// - Parameters:
    ///   - database: the database, migrated.
    ///   - now: the wall clock.
    public init(database: PostgresDatabase, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.now = now
    }

    var logger: Logger { database.logger }

    // MARK: Reps

    public func createRep(name: String, email: String, role: Rep.Role) async throws(ThreadStoreError) -> Rep {
        let name = try ThreadStoreInput.required(name, "A rep's name")
        let email = try ThreadStoreInput.required(email, "A rep's email")
        guard email.contains("@") else {
            throw .invalidInput("'\(email)' is not an email address; give one like dana@example.com.")
        }
        let rep = Rep(id: UUID(), name: name, email: email, role: role, createdAt: now())
        return try await write("create a rep") { connection, _ in
            let inserted = try await connection.row(
                """
                INSERT INTO reps (id, name, email, role, created_at)
                VALUES (\(rep.id), \(rep.name), \(rep.email), \(rep.role.rawValue), \(rep.createdAt.timeIntervalSince1970))
                ON CONFLICT DO NOTHING RETURNING id
                """,
                logger: logger
            )
            guard inserted != nil else {
                throw ThreadStoreError.conflict(
                    "A rep with the email \(email) already exists; use another email or change that rep."
                )
            }
            return rep
        }
    }

    public func rep(id: UUID) async throws(ThreadStoreError) -> Rep {
        try await read("read a rep") { connection in try await Self.rep(connection, id, logger) }
    }

    public func rep(email: String) async throws(ThreadStoreError) -> Rep? {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await read("read a rep") { connection in
            try await connection.row("SELECT * FROM reps WHERE lower(email) = lower(\(email))", logger: logger)
                .map(PostgresRows.rep)
        }
    }

    public func reps() async throws(ThreadStoreError) -> [Rep] {
        try await read("list reps") { connection in
            try await connection.rows(
                #"SELECT * FROM reps ORDER BY name COLLATE "C", email COLLATE "C""#,
                logger: logger
            ).map(PostgresRows.rep)
        }
    }

    // MARK: Business numbers

    public func assignNumber(_ phone: PhoneNumber, to repID: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        let now = self.now().timeIntervalSince1970
        return try await write("assign a business number") { connection, _ in
            _ = try await Self.rep(connection, repID, logger)
            let row = try await connection.row(
                """
                INSERT INTO business_numbers (id, phone, rep_id, created_at)
                VALUES (\(UUID()), \(phone.e164), \(repID), \(now))
                ON CONFLICT (phone) DO UPDATE SET rep_id = EXCLUDED.rep_id
                RETURNING *
                """,
                logger: logger
            )
            return try PostgresRows.number(row!)
        }
    }

    public func businessNumber(id: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        try await read("read a business number") { connection in try await Self.number(connection, id, logger) }
    }

    public func businessNumber(phone: PhoneNumber) async throws(ThreadStoreError) -> BusinessNumber? {
        try await read("read a business number") { connection in
            try await connection.row("SELECT * FROM business_numbers WHERE phone = \(phone.e164)", logger: logger)
                .map(PostgresRows.number)
        }
    }

    public func businessNumbers(repID: UUID?) async throws(ThreadStoreError) -> [BusinessNumber] {
        try await read("list business numbers") { connection in
            let query: PostgresQuery =
                if let repID {
                    #"SELECT * FROM business_numbers WHERE rep_id = \#(repID) ORDER BY phone COLLATE "C""#
                } else {
                    #"SELECT * FROM business_numbers ORDER BY phone COLLATE "C""#
                }
            return try await connection.rows(query, logger: logger).map(PostgresRows.number)
        }
    }

    // MARK: Events

    public func eventSignals() -> AsyncStream<EventSignal> {
        database.startListening()
        return database.signals.subscribe()
    }

    // MARK: Plumbing

    /// Reads on one connection, mapping every failure to a ``ThreadStoreError``.
    func read<T: Sendable>(
        _ operation: String,
        _ body: (PostgresConnection) async throws -> T
    ) async throws(ThreadStoreError) -> T {
        do {
            return try await database.withConnection(body)
        } catch {
            throw ThreadStoreError(postgres: error, operation: operation)
        }
    }

    /// Writes in one transaction, which rolls back if `body` throws, then inserts the events `body`
    /// recorded and notifies the event channel, mapping every failure to a ``ThreadStoreError``.
    func write<T: Sendable>(
        _ operation: String,
        _ body: (PostgresConnection, PendingEvents) async throws -> T
    ) async throws(ThreadStoreError) -> T {
        let channel = database.configuration.eventChannel
        let logger = self.logger
        do {
            return try await database.transaction { connection in
                let events = PendingEvents()
                let value = try await body(connection, events)
                try await events.insert(connection, channel: channel, logger: logger)
                return value
            }
        } catch {
            throw ThreadStoreError(postgres: error, operation: operation)
        }
    }

    static func rep(_ connection: PostgresConnection, _ id: UUID, _ logger: Logger) async throws -> Rep {
        guard let row = try await connection.row("SELECT * FROM reps WHERE id = \(id)", logger: logger) else {
            throw ThreadStoreError.notFound("There is no rep \(id); check the identifier.")
        }
        return try PostgresRows.rep(row)
    }

    static func number(_ connection: PostgresConnection, _ id: UUID, _ logger: Logger) async throws -> BusinessNumber {
        guard let row = try await connection.row("SELECT * FROM business_numbers WHERE id = \(id)", logger: logger) else {
            throw ThreadStoreError.notFound("There is no business number \(id); check the identifier.")
        }
        return try PostgresRows.number(row)
    }

    static func contact(_ connection: PostgresConnection, _ id: UUID, _ logger: Logger) async throws -> Contact {
        guard let row = try await connection.row("SELECT * FROM contacts WHERE id = \(id)", logger: logger) else {
            throw ThreadStoreError.notFound("There is no contact \(id); check the identifier.")
        }
        return try PostgresRows.contact(row)
    }

    /// A conversation; with `lock`, the transaction holds its row until it ends, so writes to one
    /// conversation take turns.
    static func conversation(
        _ connection: PostgresConnection,
        _ id: UUID,
        lock: Bool = false,
        _ logger: Logger
    ) async throws -> Conversation {
        let query: PostgresQuery =
            lock
            ? "SELECT * FROM conversations WHERE id = \(id) FOR UPDATE"
            : "SELECT * FROM conversations WHERE id = \(id)"
        guard let row = try await connection.row(query, logger: logger) else {
            throw ThreadStoreError.notFound("There is no conversation \(id); check the identifier.")
        }
        return try PostgresRows.conversation(row)
    }

    static func message(_ connection: PostgresConnection, _ id: UUID, _ logger: Logger) async throws -> Message {
        guard let row = try await connection.row("SELECT * FROM messages WHERE id = \(id)", logger: logger) else {
            throw ThreadStoreError.notFound("There is no message \(id); check the identifier.")
        }
        return try PostgresRows.message(row)
    }
}

/// The events a write transaction records, inserted at its end.
final class PendingEvents {
    private var events: [(kind: ThreadEvent.Kind, conversationID: UUID, messageID: UUID?, at: Date)] = []

    /// Records an event, to be inserted when the transaction's work is done.
    func record(_ kind: ThreadEvent.Kind, conversationID: UUID, messageID: UUID? = nil, at: Date) {
        events.append((kind, conversationID, messageID, at))
    }

    /// Inserts the events and sends them on the channel, delivered to every listener when (and
    /// only if) the transaction commits.
    ///
    /// No lock is shared by the cluster: identifiers come from the table's sequence, so two
    /// replicas' commits may become visible out of identifier order. Within a conversation the
    /// order holds, since every write to a conversation holds its row first. Readers that resume
    /// from an identifier tolerate the gaps this leaves (``EventWatermark``).
    func insert(_ connection: PostgresConnection, channel: String, logger: Logger) async throws {
        guard !events.isEmpty else { return }
        var inserted: [ThreadEvent] = []
        inserted.reserveCapacity(events.count)
        for event in events {
            let row = try await connection.row(
                """
                INSERT INTO thread_events (conversation_id, kind, message_id, at)
                VALUES (\(event.conversationID), \(event.kind.rawValue), \(event.messageID), \(event.at.timeIntervalSince1970))
                RETURNING *
                """,
                logger: logger
            )
            if let row { inserted.append(try PostgresRows.event(row)) }
        }
        for payload in EventNotification.payloads(inserted) {
            try await connection.run("SELECT pg_notify(\(channel), \(payload))", logger: logger)
        }
    }
}

extension ThreadStoreError {
    /// Classifies an error thrown while doing `operation` on PostgreSQL: a store error stays as it
    /// is, a broken uniqueness rule is a conflict, a missing referenced row is not found, and anything
    /// else is a database failure whose cause is a ``PostgresDatabaseError``.
    init(postgres error: any Error, operation: String) {
        if let error = error as? ThreadStoreError {
            self = error
            return
        }
        if error is CancellationError {
            self.init(code: .database, message: "Cancelled before the store could \(operation).", cause: error)
            return
        }
        switch PostgresDatabaseError.sqlState(error) {
        case "23505":
            self.init(
                code: .conflict,
                message: "Could not \(operation): a row with the same unique value already exists. "
                    + "Look up the existing one instead.",
                cause: error
            )
        case "23503":
            self.init(code: .notFound, message: "Could not \(operation): it refers to a row that does not exist.", cause: error)
        default:
            let database = PostgresDatabaseError(error, operation: operation)
            self.init(code: .database, message: database.message, cause: database)
        }
    }
}
#endif
