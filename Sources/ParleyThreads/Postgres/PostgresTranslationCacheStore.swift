#if PostgreSQL
internal import Foundation
internal import PostgresNIO
public import ParleyTranslation
internal import Synchronization

/// The translation cache's persistent tier on PostgreSQL, shared by every replica: the
/// `translation_cache` table of a ``PostgresDatabase``, one row per `TranslationCacheKey/digest`.
///
/// It keeps the SQLite store's rules. Expiry is kept on the wall clock, in Unix seconds: an expired
/// row is never returned, and is deleted when read or by ``removeExpired()``. With
/// ``maximumEntries``, a write that takes the table past the bound first deletes expired rows, then
/// the least recently used ones; a hit updates `accessed_at` only when it is more than a minute old.
///
/// Every database failure is thrown as a ``PostgresDatabaseError``. Evictions and expirations are
/// counted by this value and its copies; entries and bytes are read from the table.
///
/// ```swift
/// let database = try await PostgresDatabase.connect(.init(url: url))
/// let cache = TranslationCache(persistent: PostgresTranslationCacheStore(database: database, maximumEntries: 500_000))
/// ```
public struct PostgresTranslationCacheStore: TranslationCacheStore {
    /// The database holding the table.
    public let database: PostgresDatabase
    /// The most rows the table keeps, at least 1; nil for no bound.
    public let maximumEntries: Int?
    private let now: @Sendable () -> Double
    private let tally = CacheTally()

    /// Creates a store on a database, on the system's wall clock.
    /// - Parameters:
    ///   - database: the database, migrated.
    ///   - maximumEntries: the most rows to keep, at least 1; nil for no bound.
    public init(database: PostgresDatabase, maximumEntries: Int? = nil) {
        self.init(database: database, maximumEntries: maximumEntries, now: { Date().timeIntervalSince1970 })
    }

    /// Creates a store on a database, on a wall clock of the caller's.
    /// - Parameters:
    ///   - database: the database, migrated.
    ///   - maximumEntries: the most rows to keep, at least 1; nil for no bound.
    ///   - now: the wall clock, in Unix seconds.
    public init(database: PostgresDatabase, maximumEntries: Int? = nil, now: @escaping @Sendable () -> Double) {
        self.database = database
        self.maximumEntries = maximumEntries.map { max(1, $0) }
        self.now = now
    }

    private var logger: Logger { database.logger }

    /// The entry for a key, or nil when there is none or it has expired (an expired row is deleted
    /// and counted).
    /// - Parameters:
    ///   - key: the key.
    public func get(_ key: TranslationCacheKey) async throws -> TranslationCacheEntry? {
        let digest = key.digest
        let now = self.now()
        let (hit, removed): ((value: String, expiresIn: Double?)?, Int) = try await run("read the translation cache") {
            connection in
            guard
                let row = try await connection.row(
                    "SELECT value, expires_at, accessed_at FROM translation_cache WHERE digest = \(digest)",
                    logger: logger
                )
            else { return (nil, 0) }
            let expiresAt = try row["expires_at"].decode(Double?.self)
            if let expiresAt, expiresAt <= now {
                let removed = try await connection.rows(
                    "DELETE FROM translation_cache WHERE digest = \(digest) AND expires_at <= \(now) RETURNING digest",
                    logger: logger
                ).count
                return (nil, removed)
            }
            if now - (try row["accessed_at"].decode(Double.self)) >= SQLiteTranslationCacheStore.accessResolution {
                try await connection.run(
                    "UPDATE translation_cache SET accessed_at = \(now) WHERE digest = \(digest)",
                    logger: logger
                )
            }
            return ((try row["value"].decode(String.self), expiresAt.map { $0 - now }), 0)
        }
        if removed > 0 { tally.count { $0.expirations += removed } }
        guard let hit else { return nil }
        return TranslationCacheEntry(value: hit.value, expiresIn: hit.expiresIn.map { .seconds($0) })
    }

    /// Stores a translation, replacing any row for the key, then enforces ``maximumEntries``.
    /// - Parameters:
    ///   - key: the key.
    ///   - value: the translation.
    ///   - expiresIn: how long the entry lives; nil for as long as the bound allows. Zero or less
    ///     stores nothing (and removes any row for the key).
    public func set(_ key: TranslationCacheKey, value: String, expiresIn: Duration?) async throws {
        if let expiresIn, expiresIn <= .zero {
            try await remove(key)
            return
        }
        let now = self.now()
        let r = TranslationCacheRecord(
            key: key,
            value: value,
            now: now,
            expiresAt: expiresIn.map { now + SQLiteTranslationCacheStore.seconds($0) }
        )
        let maximumEntries = self.maximumEntries
        let (expired, evicted) = try await transaction("write to the translation cache") { connection in
            try await connection.run(
                """
                INSERT INTO translation_cache (digest, value, backend, source, target, glossary_version, protection,
                    formality, bytes, created_at, accessed_at, expires_at)
                VALUES (\(r.digest), \(r.value), \(r.backend), \(r.source), \(r.target), \(r.glossaryVersion),
                    \(r.protection), \(r.formality), \(r.bytes), \(r.createdAt), \(r.accessedAt), \(r.expiresAt))
                ON CONFLICT (digest) DO UPDATE SET value = EXCLUDED.value, backend = EXCLUDED.backend,
                    source = EXCLUDED.source, target = EXCLUDED.target, glossary_version = EXCLUDED.glossary_version,
                    protection = EXCLUDED.protection, formality = EXCLUDED.formality, bytes = EXCLUDED.bytes,
                    created_at = EXCLUDED.created_at, accessed_at = EXCLUDED.accessed_at,
                    expires_at = EXCLUDED.expires_at
                """,
                logger: logger
            )
            guard let maximumEntries else { return (0, 0) }
            var count = try await Self.count(connection, logger)
            guard count > maximumEntries else { return (0, 0) }

            let expired = try await connection.rows(
                "DELETE FROM translation_cache WHERE expires_at <= \(now) RETURNING digest",
                logger: logger
            ).count
            count -= expired
            guard count > maximumEntries else { return (expired, 0) }

            let evicted = try await connection.rows(
                """
                DELETE FROM translation_cache WHERE digest IN (
                    SELECT digest FROM translation_cache WHERE digest <> \(r.digest)
                    ORDER BY accessed_at LIMIT \(count - maximumEntries))
                RETURNING digest
                """,
                logger: logger
            ).count
            return (expired, evicted)
        }
        if expired > 0 || evicted > 0 {
            tally.count {
                $0.expirations += expired
                $0.evictions += evicted
            }
        }
    }

    /// Removes the row for a key, if there is one.
    /// - Parameters:
    ///   - key: the key.
    public func remove(_ key: TranslationCacheKey) async throws {
        let digest = key.digest
        try await run("remove a translation") { connection in
            try await connection.run("DELETE FROM translation_cache WHERE digest = \(digest)", logger: logger)
        }
    }

    /// Deletes every expired row; a sweeper service on one replica can call this now and then.
    /// - Returns: how many rows were deleted.
    @discardableResult
    public func removeExpired() async throws -> Int {
        let now = self.now()
        let removed = try await run("remove expired translations") { connection in
            try await connection.rows(
                "DELETE FROM translation_cache WHERE expires_at <= \(now) RETURNING digest",
                logger: logger
            ).count
        }
        tally.count { $0.expirations += removed }
        return removed
    }

    /// Rows and bytes in the table now (expired rows not yet deleted included), and the evictions
    /// and expirations this store has counted; nil when the table cannot be read.
    public func counters() async -> TranslationCacheStoreCounters? {
        let totals = try? await run("count the translation cache") { connection in
            let row = try await connection.row(
                "SELECT COUNT(*)::bigint AS entries, COALESCE(SUM(bytes), 0)::bigint AS bytes FROM translation_cache",
                logger: logger
            )
            return (try row?["entries"].decode(Int.self) ?? 0, try row?["bytes"].decode(Int.self) ?? 0)
        }
        guard let totals else { return nil }
        let counts = tally.snapshot()
        return TranslationCacheStoreCounters(
            entries: totals.0,
            bytes: totals.1,
            evictions: counts.evictions,
            expirations: counts.expirations
        )
    }

    // MARK: Plumbing

    private static func count(_ connection: PostgresConnection, _ logger: Logger) async throws -> Int {
        try await connection.row("SELECT COUNT(*)::bigint AS n FROM translation_cache", logger: logger)?["n"]
            .decode(Int.self) ?? 0
    }

    private func run<T: Sendable>(_ operation: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await database.withConnection(body)
        } catch {
            throw PostgresDatabaseError(error, operation: operation)
        }
    }

    private func transaction<T: Sendable>(
        _ operation: String,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await database.transaction(body)
        } catch {
            throw PostgresDatabaseError(error, operation: operation)
        }
    }
}

/// Evictions and expirations, shared by copies of a store.
private final class CacheTally: Sendable {
    struct Counts {
        var evictions = 0
        var expirations = 0
    }

    private let counts = Mutex(Counts())

    func count(_ update: (inout Counts) -> Void) {
        counts.withLock { update(&$0) }
    }

    func snapshot() -> Counts { counts.withLock { $0 } }
}
#endif
