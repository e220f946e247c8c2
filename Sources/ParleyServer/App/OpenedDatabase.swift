package import ParleyThreads
package import ParleyTranslation

/// The conversation store and translation cache tier on an opened database, and how to close them.
package struct OpenedDatabase: Sendable {
    /// The conversation store.
    package var store: any ThreadStore
    /// The translation cache's persistent tier, in the same database.
    package var cache: any TranslationCacheStore
    /// The database's name to show people (never a URL with its password).
    package var shownName: String
    /// Closes the database; any later use of the store throws.
    package var close: @Sendable () async -> Void
}

extension ParleyConfiguration.Database {
    /// Opens the database, creating an SQLite file or bringing the schema up to date as needed.
    /// - Throws: ``ParleyApplicationError/Code/database`` saying what is wrong with the file or server.
    package func open() async throws(ParleyApplicationError) -> OpenedDatabase {
        do {
            switch self {
            case .postgres(let url):
                // Several replicas can share one Postgres database; events reach each over LISTEN/NOTIFY.
                let database = try await PostgresDatabase.connect(.init(url: url))
                return OpenedDatabase(
                    store: PostgresThreadStore(database: database), cache: PostgresTranslationCacheStore(database: database),
                    shownName: shownName, close: { await database.close() })
            case .sqlite(let path):
                let database = try ParleyDatabase(path: path)
                return OpenedDatabase(
                    store: SQLiteThreadStore(database: database), cache: SQLiteTranslationCacheStore(database: database),
                    shownName: shownName, close: { try? database.close() })
            }
        } catch {
            throw ParleyApplicationError(code: .database, message: "\(error)", cause: error)
        }
    }
}
