import Foundation
import ParleyThreads
import ParleyTranslation
import Synchronization
import Testing

/// Which store a parameterized test runs on.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// SQLiteThreadStore or SQLiteTranslationCacheStore on a new file.
    case sqlite
    /// PostgresThreadStore or PostgresTranslationCacheStore in a new schema of the server that
    /// PARLEY_POSTGRES_URL names (`scripts/test` starts one).
    case postgres

    var testDescription: String { rawValue }
}

/// A wall clock that moves only when told to.
final class TestClock: Sendable {
    private let seconds: Mutex<Double>

    init(_ seconds: Double = 1_700_000_000) { self.seconds = Mutex(seconds) }

    var now: @Sendable () -> Date { { Date(timeIntervalSince1970: self.seconds.withLock { $0 }) } }
    var epoch: @Sendable () -> Double { { self.seconds.withLock { $0 } } }
    var date: Date { now() }

    func advance(by seconds: Double) { self.seconds.withLock { $0 += seconds } }
}

/// A new directory under the system's temporary directory, removed afterwards.
func withTemporaryDirectory(_ body: (String) async throws -> Void) async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-store-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await body(path)
}

/// A new SQLite file, or a new PostgreSQL schema, for one test.
///
/// `open()` gives a database on it; call it twice for two replicas (two SQLite databases on one
/// file, two PostgreSQL clients on one schema).
final class TestDatabase: Sendable {
    let kind: StoreKind
    let path: String?
    private let postgres: PostgresDatabase.Configuration?
    private let opened = Mutex<[PostgresDatabase]>([])

    fileprivate init(kind: StoreKind, path: String?, postgres: PostgresDatabase.Configuration?) {
        self.kind = kind
        self.path = path
        self.postgres = postgres
    }

    /// A thread store on a new connection to the test's database.
    func threadStore(now: @escaping @Sendable () -> Date = { Date() }) async throws -> any ThreadStore {
        switch kind {
        case .sqlite: SQLiteThreadStore(database: try ParleyDatabase(path: path!), now: now)
        case .postgres: PostgresThreadStore(database: try await openPostgres(), now: now)
        }
    }

    /// A translation cache store on a new connection to the test's database.
    func cacheStore(maximumEntries: Int? = nil, now: @escaping @Sendable () -> Double) async throws
        -> any SweepingCacheStore
    {
        switch kind {
        case .sqlite:
            SQLiteTranslationCacheStore(database: try ParleyDatabase(path: path!), maximumEntries: maximumEntries, now: now)
        case .postgres:
            PostgresTranslationCacheStore(database: try await openPostgres(), maximumEntries: maximumEntries, now: now)
        }
    }

    /// Closes every database this test opened; their stores throw from then on.
    func closeAll() async {
        for database in opened.withLock({ $0 }) { await database.close() }
    }

    private func openPostgres() async throws -> PostgresDatabase {
        let database = try await PostgresDatabase.connect(postgres!)
        opened.withLock { $0.append(database) }
        return database
    }
}

/// Runs `body` with a database of its own: a new SQLite file, or a new PostgreSQL schema that is
/// dropped afterwards. Fails the test when PostgreSQL is asked for and PARLEY_POSTGRES_URL is not set.
func withTestDatabase(_ kind: StoreKind, _ body: (TestDatabase) async throws -> Void) async throws {
    switch kind {
    case .sqlite:
        try await withTemporaryDirectory { directory in
            try await body(TestDatabase(kind: .sqlite, path: directory + "/parley.sqlite", postgres: nil))
        }
    case .postgres:
        let url = ProcessInfo.processInfo.environment["PARLEY_POSTGRES_URL"] ?? ""
        try #require(
            !url.isEmpty,
            Comment(
                rawValue: "PARLEY_POSTGRES_URL is not set: run the tests with scripts/test, or export the URL "
                    + "that `scripts/postgres start` prints.")
        )
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
            let database = TestDatabase(kind: .postgres, path: nil, postgres: configuration)
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

/// The translation cache stores' common surface, with the sweep.
protocol SweepingCacheStore: TranslationCacheStore {
    @discardableResult func removeExpired() async throws -> Int
}

extension SQLiteTranslationCacheStore: SweepingCacheStore {}
extension PostgresTranslationCacheStore: SweepingCacheStore {}

/// At most a few PostgreSQL tests at once, so their connections stay under the server's limit.
let postgresGate = Gate(limit: 6)

actor Gate {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { available = limit }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
