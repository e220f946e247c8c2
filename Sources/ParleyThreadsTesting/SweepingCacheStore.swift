public import ParleyThreads
public import ParleyTranslation

/// The translation cache stores' common surface, with the sweep.
public protocol SweepingCacheStore: TranslationCacheStore {
    /// Removes expired entries and says how many went.
    @discardableResult func removeExpired() async throws -> Int
}

extension SQLiteTranslationCacheStore: SweepingCacheStore {}
extension PostgresTranslationCacheStore: SweepingCacheStore {}
