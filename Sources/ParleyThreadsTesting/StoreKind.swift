/// Which store a parameterized test runs on.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// SQLiteThreadStore or SQLiteTranslationCacheStore on a new file.
    case sqlite
    /// PostgresThreadStore or PostgresTranslationCacheStore in a new schema of the server that
    /// PARLEY_POSTGRES_URL names (`scripts/test` starts one).
    case postgres

    public var description: String { rawValue }
}
