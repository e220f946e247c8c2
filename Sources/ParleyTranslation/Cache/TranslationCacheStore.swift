/// Where translations are kept: in memory (``MemoryCacheStore``), or in a database that a module
/// with database imports provides.
///
/// Expiry is given and reported as a remaining lifetime, not an instant, as Hummingbird's
/// `PersistDriver` does: a memory store counts it on an injected `Clock`, a persistent store on the
/// wall clock (so entries outlive a restart), and the two never have to share a kind of instant.
/// Each store turns the lifetime into its own `expiresAt` when it writes.
///
/// A store never returns an expired entry.
public protocol TranslationCacheStore: Sendable {
    /// The entry for a key, or nil when there is none or it has expired.
    /// - Parameters:
    ///   - key: the key.
    func get(_ key: TranslationCacheKey) async throws -> TranslationCacheEntry?

    /// Stores a translation, replacing any entry for the key.
    /// - Parameters:
    ///   - key: the key.
    ///   - value: the translation.
    ///   - expiresIn: how long the entry lives; nil for as long as the store keeps it.
    func set(_ key: TranslationCacheKey, value: String, expiresIn: Duration?) async throws

    /// Removes the entry for a key, if there is one.
    /// - Parameters:
    ///   - key: the key.
    func remove(_ key: TranslationCacheKey) async throws

    /// What the store counts about itself, for ``TranslationCache/statistics()``; nil when it counts
    /// nothing.
    func counters() async -> TranslationCacheStoreCounters?

    /// Deletes every expired entry, so the store does not grow for ever; ``TranslationCache/removeExpired()``
    /// calls it now and then.
    /// - Returns: how many entries were deleted.
    @discardableResult
    func removeExpired() async throws -> Int
}

/// A translation read from a ``TranslationCacheStore``.
public struct TranslationCacheEntry: Sendable, Hashable {
    /// The translation.
    public var value: String
    /// How long the entry has left to live; nil when it does not expire.
    public var expiresIn: Duration?

    /// - Parameters:
    ///   - value: the translation.
    ///   - expiresIn: how long the entry has left to live; nil when it does not expire.
    public init(value: String, expiresIn: Duration?) {
        self.value = value
        self.expiresIn = expiresIn
    }
}

/// What a ``TranslationCacheStore`` counts about itself.
public struct TranslationCacheStoreCounters: Sendable, Hashable {
    /// Entries held now, expired ones not yet removed included.
    public var entries: Int
    /// Bytes held now, as the store counts them.
    public var bytes: Int
    /// Entries dropped to make room.
    public var evictions: Int
    /// Entries removed because they had expired.
    public var expirations: Int

    /// - Parameters:
    ///   - entries: entries held now.
    ///   - bytes: bytes held now.
    ///   - evictions: entries dropped to make room.
    ///   - expirations: entries removed because they had expired.
    public init(entries: Int = 0, bytes: Int = 0, evictions: Int = 0, expirations: Int = 0) {
        self.entries = entries
        self.bytes = bytes
        self.evictions = evictions
        self.expirations = expirations
    }
}
