internal import GRDB

/// Parley's own SQLite database: the translation cache's persistent tier now, and the conversation
/// threads (reps, contacts, messages) as they arrive.
///
/// The database owns its schema: opening it runs every migration (in `ParleyMigrations.swift`) that
/// the file has not seen yet, so a store built on it finds its tables in place. Copies share the
/// connections.
///
/// ```swift
/// let database = try ParleyDatabase(path: "/var/lib/parley/parley.sqlite")
/// let store = SQLiteTranslationCacheStore(database: database, maximumEntries: 500_000)
/// let cache = TranslationCache(persistent: store)
/// ```
public struct ParleyDatabase: Sendable {
    /// The database file; nil for an in-memory database.
    public let path: String?
    let writer: any DatabaseWriter

    /// Opens or creates a database file in WAL mode, so reads never wait for writes, then brings
    /// its schema up to date.
    ///
    /// Throws a ``ParleyDatabaseError`` that names the file and says what to do when the file is
    /// not an SQLite database, is damaged, cannot be written, or cannot be created.
    /// - Parameters:
    ///   - path: the database file; its directory must exist.
    ///   - configuration: timeouts and connection counts.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration.grdb)
        } catch {
            throw ParleyDatabaseError(error, operation: "open the database", path: path)
        }
        try self.init(pool, path: path)
    }

    /// Creates a database in memory, with the full schema, that lives as long as the value and its
    /// copies do; for tests.
    public static func inMemory() throws -> ParleyDatabase {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: Configuration().grdb)
        } catch {
            throw ParleyDatabaseError(error, operation: "open the database", path: nil)
        }
        return try ParleyDatabase(queue, path: nil)
    }

    /// Wraps an open connection and runs the migrations.
    /// - Parameters:
    ///   - writer: a `DatabasePool` or `DatabaseQueue`.
    ///   - path: the file, for error messages; nil in memory.
    init(_ writer: any DatabaseWriter, path: String?) throws {
        self.writer = writer
        self.path = path
        do {
            try ParleyMigrations.migrator.migrate(writer)
        } catch {
            throw ParleyDatabaseError(error, operation: "bring the schema up to date", path: path)
        }
    }

    /// Closes the connections. Any later use of this database, or of a store built on it, throws.
    public func close() throws {
        do {
            try writer.close()
        } catch {
            throw ParleyDatabaseError(error, operation: "close the file", path: path)
        }
    }

    /// Reads in a snapshot; on a file, concurrently with other reads and with the writer.
    /// - Parameters:
    ///   - operation: what is being done, for the error message (`read the translation cache`).
    ///   - value: the reads.
    func read<T: Sendable>(_ operation: String, _ value: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(value)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ParleyDatabaseError(error, operation: operation, path: path)
        }
    }

    /// Writes in one transaction, which rolls back if `updates` throws.
    /// - Parameters:
    ///   - operation: what is being done, for the error message (`write to the translation cache`).
    ///   - updates: the writes.
    func write<T: Sendable>(_ operation: String, _ updates: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(updates)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ParleyDatabaseError(error, operation: operation, path: path)
        }
    }
}

extension ParleyDatabase {
    /// How a ``ParleyDatabase`` uses its file.
    public struct Configuration: Sendable {
        /// How long a write waits for another process's write lock before it fails.
        public var busyTimeout: Duration
        /// The most concurrent reading connections to a file; at least 1.
        public var maximumReaderCount: Int

        /// - Parameters:
        ///   - busyTimeout: how long a write waits for another process's write lock.
        ///   - maximumReaderCount: the most concurrent reading connections to a file.
        public init(busyTimeout: Duration = .seconds(5), maximumReaderCount: Int = 4) {
            self.busyTimeout = busyTimeout
            self.maximumReaderCount = maximumReaderCount
        }

        var grdb: GRDB.Configuration {
            var configuration = GRDB.Configuration()
            let (seconds, attoseconds) = busyTimeout.components
            configuration.busyMode = .timeout(max(0, Double(seconds) + Double(attoseconds) * 1e-18))
            configuration.maximumReaderCount = max(1, maximumReaderCount)  // GRDB traps on 0
            configuration.label = "parley"
            configuration.prepareDatabase { db in
                // Savepoint journals and temporary sorts in memory: a webhook's savepoint journal
                // otherwise spills to a new file in /var/tmp (created, unlinked, written) at every
                // write transaction. Both are small and live only as long as their statement.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
            return configuration
        }
    }
}
