internal import GRDB

/// The schema of a ``ParleyDatabase``, one migration at a time.
///
/// Append new migrations at the end, and never edit or reorder one that has shipped: a file
/// remembers which identifiers it has run, and runs only the ones it has not. Table and column names
/// are snake_case; times are Unix seconds on the wall clock, as REAL.
enum ParleyMigrations {
    /// Every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        // The translation cache's persistent tier (SQLiteTranslationCacheStore). One row per
        // TranslationCacheKey.digest; the key's fields beside it are for inspection only, and the
        // protected text is not kept.
        migrator.registerMigration("v1-translation-cache") { db in
            try db.create(table: "translation_cache") { t in
                t.primaryKey("digest", .text)
                t.column("value", .text).notNull()
                t.column("backend", .text).notNull()
                t.column("source", .text).notNull()
                t.column("target", .text).notNull()
                t.column("glossary_version", .text)
                t.column("protection", .text).notNull()
                t.column("formality", .text)
                t.column("bytes", .integer).notNull()
                t.column("created_at", .double).notNull()
                t.column("accessed_at", .double).notNull()
                t.column("expires_at", .double)
            }
            // Eviction takes the least recently used rows; the sweep takes the expired ones.
            try db.create(
                index: "translation_cache_accessed_at",
                on: "translation_cache",
                columns: ["accessed_at"],
                options: []
            )
            try db.create(
                index: "translation_cache_expires_at",
                on: "translation_cache",
                columns: ["expires_at"],
                options: [],
                condition: Column("expires_at") != nil
            )
        }

        // Reps, contacts and messages come next.

        return migrator
    }
}
