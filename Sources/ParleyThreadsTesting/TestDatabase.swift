public import Foundation
public import ParleyThreads
import Synchronization

/// A new SQLite file, or a new PostgreSQL schema, for one test.
///
/// `threadStore()` gives a store on a new connection to it; call it twice for two replicas (two
/// SQLite databases on one file, two PostgreSQL clients on one schema).
public final class TestDatabase: Sendable {
    /// The store it is for.
    public let kind: StoreKind
    /// The SQLite file; nil for PostgreSQL.
    public let path: String?
    private let postgres: PostgresDatabase.Configuration?
    private let postgresURL: String?
    private let opened = Mutex<[PostgresDatabase]>([])
    private let inspection = Mutex<PostgresDatabase?>(nil)

    fileprivate init(kind: StoreKind, path: String?, postgres: PostgresDatabase.Configuration?, postgresURL: String?) {
        self.kind = kind
        self.path = path
        self.postgres = postgres
        self.postgresURL = postgresURL
    }

    /// What `parley serve --database` takes for this database: the SQLite file's path, or a
    /// postgres:// URL naming the test's schema and event channel.
    public var serveArgument: String {
        switch kind {
        case .sqlite: path!
        case .postgres:
            postgresURL! + (postgresURL!.contains("?") ? "&" : "?")
                + "schema=\(postgres!.schema!)&channel=\(postgres!.eventChannel)"
        }
    }

    /// A thread store on a new connection to the test's database.
    /// - Parameters:
    ///   - now: the store's wall clock.
    public func threadStore(now: @escaping @Sendable () -> Date = { Date() }) async throws -> any ThreadStore {
        switch kind {
        case .sqlite: SQLiteThreadStore(database: try ParleyDatabase(path: path!), now: now)
        case .postgres: PostgresThreadStore(database: try await openPostgres(), now: now)
        }
    }

    /// A translation cache store on a new connection to the test's database.
    /// - Parameters:
    ///   - maximumEntries: the most rows the store keeps; nil for no limit.
    ///   - now: the store's wall clock, in seconds since 1970.
    public func cacheStore(maximumEntries: Int? = nil, now: @escaping @Sendable () -> Double) async throws
        -> any SweepingCacheStore
    {
        switch kind {
        case .sqlite:
            SQLiteTranslationCacheStore(
                database: try ParleyDatabase(path: path!), maximumEntries: maximumEntries, now: now)
        case .postgres:
            PostgresTranslationCacheStore(database: try await openPostgres(), maximumEntries: maximumEntries, now: now)
        }
    }

    /// The first column of a query's rows as text, on a PostgreSQL connection of its own (e.g. to read
    /// `pg_stat_activity`); empty on SQLite.
    /// - Parameters:
    ///   - sql: the query, with no parameters; its first column must be text.
    public func postgresStrings(unsafeSQL sql: String) async throws -> [String] {
        guard kind == .postgres else { return [] }
        let database: PostgresDatabase
        if let open = inspection.withLock({ $0 }) {
            database = open
        } else {
            database = try await openPostgres()
            inspection.withLock { $0 = database }
        }
        return try await database.strings(unsafeSQL: sql)
    }

    /// Closes every PostgreSQL database this test opened; their stores throw from then on.
    public func closeAll() async {
        for database in opened.withLock({ $0 }) { await database.close() }
    }

    private func openPostgres() async throws -> PostgresDatabase {
        let database = try await PostgresDatabase.connect(postgres!)
        opened.withLock { $0.append(database) }
        return database
    }
}

/// A new directory under the system's temporary directory, removed afterwards.
/// - Parameters:
///   - body: what to do with the directory's path.
public func withTemporaryDirectory(_ body: (String) async throws -> Void) async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-store-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await body(path)
}

/// Runs `body` with a database of its own: a new SQLite file, or a new PostgreSQL schema that is
/// dropped afterwards. Throws when PostgreSQL is asked for and PARLEY_POSTGRES_URL is not set.
/// - Parameters:
///   - kind: SQLite or PostgreSQL.
///   - body: the test, given the database.
public func withTestDatabase(_ kind: StoreKind, _ body: (TestDatabase) async throws -> Void) async throws {
    switch kind {
    case .sqlite:
        try await withTemporaryDirectory { directory in
            try await body(
                TestDatabase(kind: .sqlite, path: directory + "/parley.sqlite", postgres: nil, postgresURL: nil))
        }
    case .postgres:
        let url = ProcessInfo.processInfo.environment["PARLEY_POSTGRES_URL"] ?? ""
        guard !url.isEmpty else {
            throw TestDatabaseError(
                message: "PARLEY_POSTGRES_URL is not set: run the tests with scripts/test, or export the URL "
                    + "that `scripts/postgres start` prints.")
        }
        await postgresGate.acquire()
        do {
            var configuration = try PostgresDatabase.Configuration(url: url)
            configuration.maximumConnections = 4
            let admin = PostgresDatabase(configuration)
            let runner = Task { await admin.run() }
            defer { runner.cancel() }
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await admin.execute(unsafeSQL: "CREATE SCHEMA \(schema)")
            configuration.schema = schema
            configuration.eventChannel = "parley_events_\(schema)"
            let database = TestDatabase(kind: .postgres, path: nil, postgres: configuration, postgresURL: url)
            do {
                try await body(database)
            } catch {
                await database.closeAll()
                try? await admin.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE")
                throw error
            }
            await database.closeAll()
            try await admin.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE")
            await postgresGate.release()
        } catch {
            await postgresGate.release()
            throw error
        }
    }
}
