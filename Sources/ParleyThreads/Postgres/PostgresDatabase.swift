#if PostgreSQL
internal import Foundation
public import PostgresNIO
internal import Synchronization

/// Parley's PostgreSQL database, shared by every replica of the service: a `PostgresClient` and the
/// schema it owns.
///
/// The client's connection pool works only while ``run()`` runs. A server adds the database to its
/// service group (or runs ``run()`` in a task of its own) and calls ``migrate()`` before it serves;
/// tests and tools call ``connect(_:logger:)``, which does both, and ``close()`` when done.
///
/// ```swift
/// let database = try await PostgresDatabase.connect(.init(url: "postgres://parley:secret@db:5432/parley"))
/// defer { Task { await database.close() } }
/// let store = PostgresThreadStore(database: database)
/// ```
public final class PostgresDatabase: Sendable {
    /// The connection pool.
    public let client: PostgresClient
    /// Where and how to connect.
    public let configuration: Configuration
    let logger: Logger
    let signals = EventSignalHub(complete: true)
    private let tasks = Mutex(Tasks())

    private struct Tasks {
        var runner: Task<Void, Never>?
        var listener: Task<Void, Never>?
        var closed = false
    }

    /// Creates the client without connecting; nothing happens until ``run()`` runs.
    /// - Parameters:
    ///   - configuration: where and how to connect.
    ///   - logger: where the client's background messages and the database's own go.
    public init(_ configuration: Configuration, logger: Logger = Logger(label: "parley.postgres")) {
        self.configuration = configuration
        self.logger = logger
        self.client = PostgresClient(configuration: configuration.client, backgroundLogger: logger)
    }

    /// Creates the database, runs its client in a task the database owns, and brings the schema up
    /// to date; ``close()`` stops the task.
    /// - Parameters:
    ///   - configuration: where and how to connect.
    ///   - logger: where the client's background messages and the database's own go.
    public static func connect(
        _ configuration: Configuration,
        logger: Logger = Logger(label: "parley.postgres")
    ) async throws -> PostgresDatabase {
        let database = PostgresDatabase(configuration, logger: logger)
        let runner = Task { await database.client.run() }
        database.tasks.withLock { $0.runner = runner }
        do {
            try await database.migrate()
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// Runs the connection pool until the task is cancelled (or, in a service group, until graceful
    /// shutdown). Call it once, and not on a database from ``connect(_:logger:)``.
    public func run() async {
        await client.run()
    }

    /// Stops the event listener and, for a database from ``connect(_:logger:)``, the client. Every
    /// ``ThreadStore/eventSignals()`` stream ends; later queries throw.
    public func close() async {
        let (runner, listener) = tasks.withLock { tasks in
            tasks.closed = true
            defer {
                tasks.runner = nil
                tasks.listener = nil
            }
            return (tasks.runner, tasks.listener)
        }
        signals.finish()
        listener?.cancel()
        await listener?.value
        runner?.cancel()
        await runner?.value
    }

    /// Brings the schema up to date: runs, in one transaction under a lock, every migration the
    /// `parley_migrations` table does not list yet. Safe when replicas start together.
    public func migrate() async throws {
        do {
            try await transaction { connection in
                try await PostgresMigrations.migrate(connection, logger: self.logger)
            }
        } catch {
            throw PostgresDatabaseError(error, operation: "bring the schema up to date")
        }
    }

    // MARK: Plumbing

    /// Runs `body` on one pooled connection.
    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(connection) }
    }

    /// Runs `body` in one transaction, which rolls back when `body` throws.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.answered("BEGIN", logger: self.logger)
            do {
                let value = try await body(connection)
                try await connection.answered("COMMIT", logger: self.logger)
                return value
            } catch {
                do {
                    try await connection.answered("ROLLBACK", logger: self.logger)
                } catch {
                    // A connection whose transaction cannot be ended must not go back to the pool.
                    try? await connection.close()
                }
                throw error
            }
        }
    }

    /// Starts the `LISTEN` task that feeds ``signals``, once.
    func startListening() {
        tasks.withLock { tasks in
            guard !tasks.closed, tasks.listener == nil else { return }
            tasks.listener = Task { await self.listen() }
        }
    }

    /// Listens on the event channel until cancelled, reconnecting after a second when the connection
    /// drops. Each notification carries a commit's events, which go to every stream with no read.
    private func listen() async {
        let channel = configuration.eventChannel
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        let latest = try await connection.answered(
                            "SELECT COALESCE(MAX(id), 0)::bigint FROM thread_events",
                            logger: self.logger
                        ).collect().first?.decode(Int64.self) ?? 0
                        self.signals.goLive(latest: latest)
                        for try await notification in notifications {
                            guard let events = EventNotification.events(notification.payload) else {
                                self.logger.warning(
                                    "An event notification could not be read; streams read the store instead.",
                                    metadata: ["postgres.channel": "\(channel)"])
                                self.signals.goLive(latest: 0)
                                continue
                            }
                            self.signals.publish(events)
                        }
                    }
                }
            } catch {
                if Task.isCancelled { break }
                logger.info(
                    "The event listener lost its connection; reconnecting.",
                    metadata: ["postgres.channel": "\(channel)", "postgres.error": "\(error)"]
                )
            }
            signals.pause()
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

extension PostgresDatabase {
    /// Where and how a ``PostgresDatabase`` connects.
    public struct Configuration: Sendable {
        /// The server's host name or address.
        public var host: String
        /// The server's port.
        public var port: Int
        /// The user name.
        public var username: String
        /// The password, if the server asks for one.
        public var password: String?
        /// The database name; nil for the user's default.
        public var database: String?
        /// The schema Parley's tables live in (the connection's `search_path`); nil for the server's default.
        public var schema: String?
        /// Whether to use TLS: `disable`, `prefer` or `require`, as libpq's `sslmode`.
        public var tlsMode: String
        /// The channel commits signal new events on; replicas of one deployment must agree on it.
        public var eventChannel: String
        /// The most connections the pool opens (one more is used by event streams).
        public var maximumConnections: Int
        /// The longest a statement waits for a lock (`lock_timeout`), so a request behind a stalled
        /// peer's lock fails and can be retried instead of waiting without end; nil for the server's
        /// setting.
        public var lockTimeout: Duration?
        /// The longest a connection may sit idle inside a transaction
        /// (`idle_in_transaction_session_timeout`): the server ends a stalled replica's transaction
        /// and frees its locks; nil for the server's setting.
        public var idleInTransactionTimeout: Duration?

        /// - Parameters:
        ///   - host: the server's host.
        ///   - port: the server's port.
        ///   - username: the user name.
        ///   - password: the password.
        ///   - database: the database name.
        ///   - schema: the schema for Parley's tables; nil for the server's default.
        ///   - tlsMode: `disable`, `prefer` or `require`.
        ///   - eventChannel: the `NOTIFY` channel for new events.
        ///   - maximumConnections: the most pooled connections.
        ///   - lockTimeout: the longest a statement waits for a lock; 5 s by default.
        ///   - idleInTransactionTimeout: the longest a connection may sit idle in a transaction; 5 s by default.
        public init(
            host: String = "127.0.0.1",
            port: Int = 5432,
            username: String = "parley",
            password: String? = nil,
            database: String? = "parley",
            schema: String? = nil,
            tlsMode: String = "prefer",
            eventChannel: String = "parley_events",
            maximumConnections: Int = 20,
            lockTimeout: Duration? = .seconds(5),
            idleInTransactionTimeout: Duration? = .seconds(5)
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.schema = schema
            self.tlsMode = tlsMode
            self.eventChannel = eventChannel
            self.maximumConnections = maximumConnections
            self.lockTimeout = lockTimeout
            self.idleInTransactionTimeout = idleInTransactionTimeout
        }

        /// Reads a `postgres://user:password@host:port/database` URL. The query may set `sslmode`
        /// (`disable`, `prefer`, `require`), `schema` and `channel`; percent-escapes are decoded.
        /// - Parameters:
        ///   - url: the URL.
        public init(url: String) throws {
            guard let components = URLComponents(string: url),
                components.scheme == "postgres" || components.scheme == "postgresql",
                let host = components.host, !host.isEmpty,
                let user = components.user, !user.isEmpty
            else {
                throw PostgresDatabaseError(
                    code: .invalidURL,
                    message: "'\(url)' is not a PostgreSQL URL; write postgres://user:password@host:5432/database."
                )
            }
            let query = Dictionary(
                (components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
                uniquingKeysWith: { _, last in last }
            )
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            self.init(
                host: host,
                port: components.port ?? 5432,
                username: user.removingPercentEncoding ?? user,
                password: components.password.map { $0.removingPercentEncoding ?? $0 },
                database: path.isEmpty ? nil : (path.removingPercentEncoding ?? path),
                schema: query["schema"],
                tlsMode: query["sslmode"] ?? "prefer",
                eventChannel: query["channel"] ?? "parley_events"
            )
            guard ["disable", "prefer", "require"].contains(tlsMode) else {
                throw PostgresDatabaseError(
                    code: .invalidURL,
                    message: "sslmode=\(tlsMode) in '\(url)' is not supported; use disable, prefer or require."
                )
            }
        }

        var client: PostgresClient.Configuration {
            let tls: PostgresClient.Configuration.TLS =
                switch tlsMode {
                case "disable": .disable
                case "require": .require(.makeClientConfiguration())
                default: .prefer(.makeClientConfiguration())
                }
            var configuration = PostgresClient.Configuration(
                host: host,
                port: port,
                username: username,
                password: password,
                database: database,
                tls: tls
            )
            var parameters: [(String, String)] = []
            if let schema { parameters.append(("search_path", schema)) }
            if let lockTimeout { parameters.append(("lock_timeout", Self.milliseconds(lockTimeout))) }
            if let idleInTransactionTimeout {
                parameters.append(("idle_in_transaction_session_timeout", Self.milliseconds(idleInTransactionTimeout)))
            }
            configuration.options.additionalStartupParameters = parameters
            configuration.options.maximumConnections = max(1, maximumConnections)
            return configuration
        }

        /// A duration as PostgreSQL reads a time setting: whole milliseconds, at least 1.
        static func milliseconds(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            return "\(max(1, seconds * 1_000 + attoseconds / 1_000_000_000_000_000))ms"
        }
    }
}

extension PostgresDatabase {
    /// Runs one statement outside Parley's tables, e.g. `CREATE SCHEMA` for a test's own schema.
    /// - Parameters:
    ///   - sql: the statement, with no parameters.
    package func execute(unsafeSQL sql: String) async throws {
        do {
            try await withConnection { connection in
                try await connection.run(PostgresQuery(unsafeSQL: sql), logger: self.logger)
            }
        } catch {
            throw PostgresDatabaseError(error, operation: "run \(sql.prefix(40))")
        }
    }

    /// The first column of a query's rows, as text, for inspection.
    /// - Parameters:
    ///   - sql: the query, with no parameters; its first column must be text.
    package func strings(unsafeSQL sql: String) async throws -> [String] {
        do {
            return try await withConnection { connection in
                try await connection.rows(PostgresQuery(unsafeSQL: sql), logger: self.logger).map {
                    try $0[0].decode(String.self)
                }
            }
        } catch {
            throw PostgresDatabaseError(error, operation: "run \(sql.prefix(40))")
        }
    }
}
#endif
