internal import Foundation
internal import GRDB
public import ParleyTranslation
internal import Synchronization

/// The translation cache's persistent tier: the `translation_cache` table of a ``ParleyDatabase``,
/// one row per `TranslationCacheKey/digest`.
///
/// Expiry is kept on the wall clock, in Unix seconds, so entries outlive a restart: a write turns
/// its remaining lifetime into an `expires_at`, and a read turns `expires_at` back into a remaining
/// lifetime. An expired row is never returned; it is deleted when read, or by ``removeExpired()``.
///
/// With ``maximumEntries``, a write that takes the table past the bound first deletes expired rows,
/// then the least recently used ones. Last use is the `accessed_at` column, which a hit updates
/// only when it is more than a minute old, so most hits stay read-only.
///
/// Every database failure is thrown as a ``ParleyDatabaseError``; `TranslationCache` counts it as
/// an error and a miss. Evictions and expirations are counted by this value and its copies since it
/// was created; entries and bytes are read from the table.
///
/// ```swift
/// let database = try ParleyDatabase(path: "parley.sqlite")
/// let cache = TranslationCache(persistent: SQLiteTranslationCacheStore(database: database, maximumEntries: 500_000))
/// ```
public struct SQLiteTranslationCacheStore: TranslationCacheStore {
    /// The database holding the table.
    public let database: ParleyDatabase
    /// The most rows the table keeps, at least 1; nil for no bound.
    public let maximumEntries: Int?
    private let now: @Sendable () -> Double
    private let tally: Tally

    /// How stale `accessed_at` may get before a hit writes it again, in seconds.
    static let accessResolution: Double = 60

    /// Creates a store on a database, on the system's wall clock.
    /// - Parameters:
    ///   - database: the database.
    ///   - maximumEntries: the most rows to keep, at least 1; nil for no bound.
    public init(database: ParleyDatabase, maximumEntries: Int? = nil) {
        self.init(database: database, maximumEntries: maximumEntries, now: { Date().timeIntervalSince1970 })
    }

    /// Creates a store on a database, on a wall clock of the caller's; tests pass one that moves
    /// only when told to.
    /// - Parameters:
    ///   - database: the database.
    ///   - maximumEntries: the most rows to keep, at least 1; nil for no bound.
    ///   - now: the wall clock, in Unix seconds.
    public init(database: ParleyDatabase, maximumEntries: Int? = nil, now: @escaping @Sendable () -> Double) {
        self.database = database
        self.maximumEntries = maximumEntries.map { max(1, $0) }
        self.now = now
        self.tally = Tally()
    }

    /// The entry for a key, or nil when there is none or it has expired (an expired row is deleted
    /// and counted).
    /// - Parameters:
    ///   - key: the key.
    public func get(_ key: TranslationCacheKey) async throws -> TranslationCacheEntry? {
        let digest = key.digest
        let now = self.now()
        let hit = try await database.read("read the translation cache") { db in
            try Hit.fetchOne(
                db,
                sql: "SELECT value, expires_at, accessed_at FROM translation_cache WHERE digest = ?",
                arguments: [digest]
            )
        }
        guard let hit else { return nil }

        if let expiresAt = hit.expiresAt, expiresAt <= now {
            let removed = try await database.write("remove an expired translation") { db in
                try db.execute(
                    sql: "DELETE FROM translation_cache WHERE digest = ? AND expires_at <= ?",
                    arguments: [digest, now]
                )
                return db.changesCount
            }
            tally.count { $0.expirations += removed }
            return nil
        }
        if now - hit.accessedAt >= Self.accessResolution {
            try await database.write("mark a translation as used") { db in
                try db.execute(
                    sql: "UPDATE translation_cache SET accessed_at = ? WHERE digest = ?",
                    arguments: [now, digest]
                )
            }
        }
        return TranslationCacheEntry(value: hit.value, expiresIn: hit.expiresAt.map { .seconds($0 - now) })
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
        let record = TranslationCacheRecord(
            key: key,
            value: value,
            now: now,
            expiresAt: expiresIn.map { now + Self.seconds($0) }
        )
        let maximumEntries = self.maximumEntries
        let (expired, evicted) = try await database.write("write to the translation cache") { db in
            try record.upsert(db)
            guard let maximumEntries else { return (0, 0) }
            var count = try TranslationCacheRecord.fetchCount(db)
            guard count > maximumEntries else { return (0, 0) }

            try db.execute(sql: "DELETE FROM translation_cache WHERE expires_at <= ?", arguments: [now])
            let expired = db.changesCount
            count -= expired
            guard count > maximumEntries else { return (expired, 0) }

            try db.execute(
                sql: """
                    DELETE FROM translation_cache WHERE digest IN (
                        SELECT digest FROM translation_cache WHERE digest <> ?
                        ORDER BY accessed_at LIMIT ?)
                    """,
                arguments: [record.digest, count - maximumEntries]
            )
            return (expired, db.changesCount)
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
        try await database.write("remove a translation") { db in
            _ = try TranslationCacheRecord.deleteOne(db, key: digest)
        }
    }

    /// Deletes every expired row; a sweeper service can call this now and then.
    /// - Returns: how many rows were deleted.
    @discardableResult
    public func removeExpired() async throws -> Int {
        let now = self.now()
        let removed = try await database.write("remove expired translations") { db in
            try db.execute(sql: "DELETE FROM translation_cache WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
        tally.count { $0.expirations += removed }
        return removed
    }

    /// Rows and bytes in the table now (expired rows not yet deleted included), and the evictions
    /// and expirations this store has counted; nil when the table cannot be read.
    public func counters() async -> TranslationCacheStoreCounters? {
        let totals = try? await database.read("count the translation cache") { db in
            try Totals.fetchOne(
                db,
                sql: "SELECT COUNT(*) AS entries, COALESCE(SUM(bytes), 0) AS bytes FROM translation_cache"
            )
        }
        guard let totals = totals ?? nil else { return nil }
        let counts = tally.snapshot()
        return TranslationCacheStoreCounters(
            entries: totals.entries,
            bytes: totals.bytes,
            evictions: counts.evictions,
            expirations: counts.expirations
        )
    }

    /// A duration in seconds, to the attosecond as far as a Double holds it.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

/// The columns a read needs.
private struct Hit: Decodable, FetchableRecord, Sendable {
    var value: String
    var expiresAt: Double?
    var accessedAt: Double

    enum CodingKeys: String, CodingKey {
        case value
        case expiresAt = "expires_at"
        case accessedAt = "accessed_at"
    }
}

/// The table's size.
private struct Totals: Decodable, FetchableRecord, Sendable {
    var entries: Int
    var bytes: Int
}

/// Evictions and expirations, shared by copies of a store.
private final class Tally: Sendable {
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
