internal import Synchronization

/// Translations already made, in two tiers: a ``MemoryCacheStore`` in front of an optional
/// persistent ``TranslationCacheStore`` (SQLite, Postgres) that a module with database imports
/// provides.
///
/// ``get(_:)`` reads memory first, then the persistent store, and copies a persistent hit into
/// memory for the rest of its lifetime. ``set(_:_:)`` writes both. The cache is best-effort: a
/// failing persistent store counts an error and reads as a miss, and never fails a translation.
///
/// The key holds the glossary version, so a glossary edit makes new keys and an old translation is
/// never served for the new glossary.
///
/// ```swift
/// let cache = TranslationCache(memory: MemoryCacheStore(maximumBytes: 16 << 20), persistent: sqliteStore)
/// if let hit = await cache.get(key) { return hit }
/// let translation = try await backend.translate(key.protectedText, from: key.source, to: key.target)
/// await cache.set(key, translation)
/// ```
public struct TranslationCache<C: Clock>: Sendable where C.Duration == Duration {
    /// The memory tier.
    public let memory: MemoryCacheStore<C>
    /// The persistent tier, if there is one.
    public let persistent: (any TranslationCacheStore)?
    /// How long a new entry lives; nil for as long as the stores keep it.
    public let timeToLive: Duration?
    private let tally: Tally

    /// Creates a cache.
    /// - Parameters:
    ///   - memory: the memory tier; its clock measures the time to live of memory entries.
    ///   - persistent: the persistent tier, if there is one.
    ///   - timeToLive: how long a new entry lives; nil for as long as the stores keep it.
    public init(
        memory: MemoryCacheStore<C>, persistent: (any TranslationCacheStore)? = nil,
        timeToLive: Duration? = .seconds(30 * 24 * 60 * 60)
    ) {
        self.memory = memory
        self.persistent = persistent
        self.timeToLive = timeToLive
        self.tally = Tally()
    }

    /// The translation for a key, from memory or else from the persistent tier; nil on a miss.
    /// - Parameters:
    ///   - key: the key.
    public func get(_ key: TranslationCacheKey) async -> String? {
        await lookup(key)?.value
    }

    /// The translation for a key and the tier that held it; nil on a miss.
    /// - Parameters:
    ///   - key: the key.
    public func lookup(_ key: TranslationCacheKey) async -> TranslationCacheHit? {
        if let entry = await memory.get(key) {
            tally.count { $0.memory.hits += 1 }
            return TranslationCacheHit(value: entry.value, tier: .memory)
        }
        tally.count { $0.memory.misses += 1 }
        guard let persistent else { return nil }

        let entry: TranslationCacheEntry?
        do {
            entry = try await persistent.get(key)
        } catch {
            tally.count {
                $0.persistent.errors += 1
                $0.persistent.misses += 1
            }
            return nil
        }
        guard let entry, entry.expiresIn.map({ $0 > .zero }) ?? true else {
            tally.count { $0.persistent.misses += 1 }
            return nil
        }
        tally.count { $0.persistent.hits += 1 }
        // Promote, for no longer than the persistent entry has left.
        let lifetime: Duration? =
            switch (entry.expiresIn, timeToLive) {
            case (let left?, let ttl?): min(left, ttl)
            case (let left?, nil): left
            case (nil, let ttl): ttl
            }
        await memory.set(key, value: entry.value, expiresIn: lifetime)
        return TranslationCacheHit(value: entry.value, tier: .persistent)
    }

    /// Stores a translation in both tiers for ``timeToLive``.
    /// - Parameters:
    ///   - key: the key.
    ///   - value: the translation.
    public func set(_ key: TranslationCacheKey, _ value: String) async {
        await memory.set(key, value: value, expiresIn: timeToLive)
        guard let persistent else { return }
        do {
            try await persistent.set(key, value: value, expiresIn: timeToLive)
        } catch {
            tally.count { $0.persistent.errors += 1 }
        }
    }

    /// Deletes the expired entries of both tiers; a sweeper calls it now and then, so entries not
    /// used for ``timeToLive`` do not stay for ever.
    /// - Returns: how many entries the persistent tier deleted; nil when it could not.
    @discardableResult
    public func removeExpired() async -> Int? {
        _ = await memory.removeExpired()
        guard let persistent else { return 0 }
        do {
            return try await persistent.removeExpired()
        } catch {
            tally.count { $0.persistent.errors += 1 }
            return nil
        }
    }

    /// Removes a key from both tiers.
    /// - Parameters:
    ///   - key: the key.
    public func remove(_ key: TranslationCacheKey) async {
        await memory.remove(key)
        guard let persistent else { return }
        do {
            try await persistent.remove(key)
        } catch {
            tally.count { $0.persistent.errors += 1 }
        }
    }

    /// Hits, misses, errors, and what each tier's store counts (entries, bytes, evictions,
    /// expirations), as of now.
    public func statistics() async -> TranslationCacheStatistics {
        var snapshot = tally.snapshot()
        snapshot.memory.store = await memory.counters()
        if let persistent {
            snapshot.persistent.store = await persistent.counters()
        }
        return TranslationCacheStatistics(memory: snapshot.memory, persistent: persistent == nil ? nil : snapshot.persistent)
    }
}

extension TranslationCache where C == ContinuousClock {
    /// Creates a cache whose memory tier holds up to `maximumMemoryBytes` on the continuous clock.
    /// - Parameters:
    ///   - maximumMemoryBytes: the memory tier's budget in bytes.
    ///   - persistent: the persistent tier, if there is one.
    ///   - timeToLive: how long a new entry lives; nil for as long as the stores keep it.
    public init(
        maximumMemoryBytes: Int = 32 << 20, persistent: (any TranslationCacheStore)? = nil,
        timeToLive: Duration? = .seconds(30 * 24 * 60 * 60)
    ) {
        self.init(memory: MemoryCacheStore(maximumBytes: maximumMemoryBytes), persistent: persistent, timeToLive: timeToLive)
    }
}

/// A translation found in a ``TranslationCache``.
public struct TranslationCacheHit: Sendable, Hashable {
    /// Which tier answered.
    public enum Tier: String, Sendable, Hashable, Codable {
        case memory, persistent
    }

    /// The translation.
    public var value: String
    /// Which tier answered.
    public var tier: Tier
}

/// A snapshot of a ``TranslationCache``'s counters.
public struct TranslationCacheStatistics: Sendable, Hashable {
    /// What one tier counted.
    public struct Tier: Sendable, Hashable {
        /// Reads answered by this tier.
        public var hits = 0
        /// Reads this tier could not answer (for the persistent tier, failed reads included).
        public var misses = 0
        /// Reads and writes the store failed (the memory tier never fails).
        public var errors = 0
        /// What the store counts about itself; nil when it counts nothing.
        public var store: TranslationCacheStoreCounters?

        /// Entries the store dropped to make room; 0 when it does not say.
        public var evictions: Int { store?.evictions ?? 0 }
        /// Entries the store removed because they had expired; 0 when it does not say.
        public var expirations: Int { store?.expirations ?? 0 }
        /// Hits over reads; 0 before any read.
        public var hitRatio: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }

        /// - Parameters:
        ///   - hits: reads answered.
        ///   - misses: reads not answered.
        ///   - errors: failed reads and writes.
        ///   - store: what the store counts about itself.
        public init(hits: Int = 0, misses: Int = 0, errors: Int = 0, store: TranslationCacheStoreCounters? = nil) {
            self.hits = hits
            self.misses = misses
            self.errors = errors
            self.store = store
        }
    }

    /// The memory tier.
    public var memory: Tier
    /// The persistent tier; nil when the cache has none.
    public var persistent: Tier?

    /// - Parameters:
    ///   - memory: the memory tier.
    ///   - persistent: the persistent tier; nil when the cache has none.
    public init(memory: Tier, persistent: Tier?) {
        self.memory = memory
        self.persistent = persistent
    }
}

/// The counters, shared by copies of a cache.
private final class Tally: Sendable {
    struct Counts {
        var memory = TranslationCacheStatistics.Tier()
        var persistent = TranslationCacheStatistics.Tier()
    }

    private let counts = Mutex(Counts())

    func count(_ update: (inout Counts) -> Void) {
        counts.withLock { update(&$0) }
    }

    func snapshot() -> Counts { counts.withLock { $0 } }
}
