import Foundation
import GRDB
import ParleyGlossary
import ParleyLanguage
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Synchronization
import Testing

/// The persistent tier against real SQLite files in a temporary directory and, where the behaviour
/// is not SQLite's own, against a real PostgreSQL server too; with an injected wall clock so nothing sleeps.
@Suite struct SQLiteTranslationCacheStoreTests {
    @Test(arguments: StoreKind.allCases) func roundTripsNonASCIITextAndEmoji(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.cacheStore(now: { Date().timeIntervalSince1970 })
            let k = key("¿Dónde está la ⟦T1⟧? 😀")
            let value = "Where is the ⟦T1⟧? 😀 — 日本語, עברית, ñ, e\u{301}"
            #expect(try await store.get(k) == nil)
            try await store.set(k, value: value, expiresIn: nil)
            let entry = try #require(try await store.get(k))
            #expect(entry.value == value)
            #expect(Array(entry.value.unicodeScalars) == Array(value.unicodeScalars))  // no normalization of values
            #expect(entry.expiresIn == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func canonicallyEquivalentKeysShareOneRow(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.cacheStore(now: { Date().timeIntervalSince1970 })
            try await store.set(key("canci\u{F3}n"), value: "song", expiresIn: nil)  // ó as one scalar
            #expect(try await store.get(key("cancio\u{301}n"))?.value == "song")  // o + combining acute
            try await store.set(key("cancio\u{301}n"), value: "song (2)", expiresIn: nil)
            #expect(try await store.get(key("canci\u{F3}n"))?.value == "song (2)")
            #expect(await store.counters()?.entries == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func otherGlossaryVersionOrBackendMisses(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.cacheStore(now: { Date().timeIntervalSince1970 })
            try await store.set(key("La ⟦T1⟧ abre"), value: "The ⟦T1⟧ opens", expiresIn: nil)
            #expect(try await store.get(key("La ⟦T1⟧ abre", glossary: GlossaryVersion(identifier: "sha256:ff"))) == nil)
            #expect(try await store.get(key("La ⟦T1⟧ abre", glossary: nil)) == nil)
            #expect(try await store.get(key("La ⟦T1⟧ abre", backend: "apertium@3.9")) == nil)
            #expect(try await store.get(key("La ⟦T1⟧ abre"))?.value == "The ⟦T1⟧ opens")
        }
    }

    @Test func storesTheKeyFieldsForInspection() async throws {
        try await withTemporaryFolder { directory in
            let path = directory.file("parley.sqlite")
            let clock = WallClock(1_700_000_000)
            let store = try SQLiteTranslationCacheStore(database: ParleyDatabase(path: path), now: clock.now)
            let k = key("Hola ⟦T1⟧", formality: .formal)
            try await store.set(k, value: "Hello ⟦T1⟧", expiresIn: .seconds(90))

            // Read with a connection of its own, as an operator's sqlite3 would.
            let row = try #require(
                try DatabaseQueue(path: path).read { db in
                    try Row.fetchOne(db, sql: "SELECT * FROM translation_cache")
                }
            )
            #expect(row["digest"] == k.digest)
            #expect(row["value"] == "Hello ⟦T1⟧")
            #expect(row["backend"] == "deepl@v2")
            #expect(row["source"] == "es")
            #expect(row["target"] == "en")
            #expect(row["glossary_version"] == "sha256:0123456789abcdef")
            #expect(row["protection"] == "placeholders-v1")
            #expect(row["formality"] == "formal")
            #expect(row["bytes"] == k.byteCount + "Hello ⟦T1⟧".utf8.count)
            #expect(row["created_at"] == 1_700_000_000.0)
            #expect(row["accessed_at"] == 1_700_000_000.0)
            #expect(row["expires_at"] == 1_700_000_090.0)
        }
    }

    @Test(arguments: StoreKind.allCases) func expiresOnTheInjectedWallClock(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = WallClock(1_700_000_000)
            let store = try await database.cacheStore(now: clock.now)
            try await store.set(key("hola"), value: "hi", expiresIn: .seconds(10))

            clock.advance(by: 4)
            #expect(try await store.get(key("hola")) == TranslationCacheEntry(value: "hi", expiresIn: .seconds(6)))
            clock.advance(by: 5.5)
            #expect(try await store.get(key("hola"))?.expiresIn == .milliseconds(500))
            clock.advance(by: 0.5)  // exactly at expiry: gone, as in MemoryCacheStore
            #expect(try await store.get(key("hola")) == nil)
            let counters = try #require(await store.counters())
            #expect(counters == TranslationCacheStoreCounters(entries: 0, bytes: 0, evictions: 0, expirations: 1))
        }
    }

    @Test(arguments: StoreKind.allCases) func aZeroLifetimeStoresNothingAndDropsTheOldEntry(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.cacheStore(now: { Date().timeIntervalSince1970 })
            try await store.set(key("hola"), value: "hi", expiresIn: nil)
            try await store.set(key("hola"), value: "hello", expiresIn: .zero)
            #expect(try await store.get(key("hola")) == nil)
            try await store.set(key("adiós"), value: "bye", expiresIn: .seconds(-1))
            #expect(await store.counters()?.entries == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func sweepRemovesOnlyExpiredRows(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = WallClock(1_700_000_000)
            let store = try await database.cacheStore(now: clock.now)
            try await store.set(key("a"), value: "1", expiresIn: .seconds(5))
            try await store.set(key("b"), value: "2", expiresIn: .seconds(50))
            try await store.set(key("c"), value: "3", expiresIn: nil)
            clock.advance(by: 6)
            #expect(try await store.removeExpired() == 1)
            #expect(try await store.removeExpired() == 0)
            #expect(try await store.get(key("a")) == nil)
            #expect(try await store.get(key("b"))?.value == "2")
            #expect(try await store.get(key("c"))?.value == "3")
            let counters = try #require(await store.counters())
            #expect(counters.entries == 2)
            #expect(counters.expirations == 1)
        }
    }

    @Test func entriesSurviveClosingAndReopeningTheFile() async throws {
        try await withTemporaryFolder { directory in
            let path = directory.file("parley.sqlite")
            let clock = WallClock(1_700_000_000)
            do {
                let database = try ParleyDatabase(path: path)
                let store = SQLiteTranslationCacheStore(database: database, now: clock.now)
                try await store.set(key("hola"), value: "hello 👋", expiresIn: .seconds(3600))
                try await store.set(key("adiós"), value: "bye", expiresIn: nil)
                try database.close()
                await #expect(throws: ParleyDatabaseError.self) { try await store.get(key("hola")) }
            }
            clock.advance(by: 600)
            let reopened = SQLiteTranslationCacheStore(database: try ParleyDatabase(path: path), now: clock.now)
            let entry = try await reopened.get(key("hola"))
            #expect(entry == TranslationCacheEntry(value: "hello 👋", expiresIn: .seconds(3000)))
            #expect(try await reopened.get(key("adiós"))?.value == "bye")
            #expect(await reopened.counters()?.entries == 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func aPersistentHitIsPromotedToMemory(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = WallClock(1_700_000_000)
            // An earlier run (or another replica) filled the table.
            do {
                let store = try await database.cacheStore(now: clock.now)
                try await store.set(key("hola"), value: "hello", expiresIn: .seconds(120))
            }
            let store = try await database.cacheStore(now: clock.now)
            let memory = MemoryCacheStore(maximumBytes: 10_000)
            let cache = TranslationCache(memory: memory, persistent: store, timeToLive: .seconds(3600))

            #expect(await cache.get(key("hola")) == "hello")  // from the file
            let promoted = try #require(await memory.get(key("hola")))
            #expect(promoted.value == "hello")
            // No longer than the persistent entry had left, not the hour of the time to live.
            #expect(try #require(promoted.expiresIn) <= .seconds(120))
            #expect(await cache.get(key("hola")) == "hello")  // from memory

            let statistics = await cache.statistics()
            #expect(statistics.memory.hits == 1)
            #expect(statistics.memory.misses == 1)
            let tier = try #require(statistics.persistent)
            #expect(tier.hits == 1)
            #expect(tier.misses == 0)
            #expect(tier.errors == 0)
            #expect(tier.store?.entries == 1)

            await cache.set(key("adiós"), "bye")  // written through to the file
            #expect(try await store.get(key("adiós"))?.value == "bye")
        }
    }

    @Test(arguments: StoreKind.allCases) func aClosedDatabaseIsACountedMissNotAFailure(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.cacheStore(now: { Date().timeIntervalSince1970 })
            let cache = TranslationCache(memory: MemoryCacheStore(maximumBytes: 10_000), persistent: store)
            if let store = store as? SQLiteTranslationCacheStore { try store.database.close() }
            await database.closeAll()
            await cache.set(key("hola"), "hello")  // memory still gets it
            #expect(await cache.get(key("hola")) == "hello")
            #expect(await cache.get(key("adiós")) == nil)
            let tier = try #require(await cache.statistics().persistent)
            #expect(tier.errors == 2)  // the failed write and the failed read
            #expect(tier.misses == 1)
            #expect(tier.store == nil)  // the table cannot be counted
        }
    }

    @Test(arguments: StoreKind.allCases) func evictsTheLeastRecentlyUsedRowsPastMaximumEntries(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = WallClock(1_700_000_000)
            let store = try await database.cacheStore(maximumEntries: 2, now: clock.now)
            try await store.set(key("a"), value: "A", expiresIn: nil)
            clock.advance(by: 120)
            try await store.set(key("b"), value: "B", expiresIn: nil)
            clock.advance(by: 120)
            #expect(try await store.get(key("a"))?.value == "A")  // a is now more recently used than b
            clock.advance(by: 120)
            try await store.set(key("c"), value: "C", expiresIn: nil)

            #expect(try await store.get(key("b")) == nil)
            #expect(try await store.get(key("a"))?.value == "A")
            #expect(try await store.get(key("c"))?.value == "C")
            let counters = try #require(await store.counters())
            #expect(counters.entries == 2)
            #expect(counters.evictions == 1)
            #expect(counters.expirations == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func expiredRowsMakeRoomBeforeLiveOnes(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = WallClock(1_700_000_000)
            let store = try await database.cacheStore(maximumEntries: 2, now: clock.now)
            try await store.set(key("old"), value: "1", expiresIn: nil)  // least recently used
            clock.advance(by: 1)
            try await store.set(key("short"), value: "2", expiresIn: .seconds(5))
            clock.advance(by: 10)
            try await store.set(key("new"), value: "3", expiresIn: nil)
            #expect(try await store.get(key("old"))?.value == "1")
            #expect(try await store.get(key("new"))?.value == "3")
            let counters = try #require(await store.counters())
            #expect(counters.entries == 2)
            #expect(counters.evictions == 0)
            #expect(counters.expirations == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func countsEntriesAndBytesInUTF8(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.cacheStore(now: { Date().timeIntervalSince1970 })
            #expect(await store.counters() == TranslationCacheStoreCounters())
            try await store.set(key("x"), value: "ñ", expiresIn: nil)  // 2 bytes
            try await store.set(key("y"), value: "😀", expiresIn: .seconds(60))  // 4 bytes
            let expected = key("x").byteCount + 2 + key("y").byteCount + 4
            #expect(await store.counters() == TranslationCacheStoreCounters(entries: 2, bytes: expected))
            try await store.set(key("x"), value: "n", expiresIn: nil)  // replacing recounts
            #expect(await store.counters()?.bytes == expected - 1)
            try await store.remove(key("y"))
            #expect(await store.counters() == TranslationCacheStoreCounters(entries: 1, bytes: key("x").byteCount + 1))
        }
    }

    @Test(arguments: StoreKind.allCases) func fiftyConcurrentTasksSetAndGet(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            // The store's clock stands still: on a slow machine the 60 s entries must not expire mid-test.
            let start = Date().timeIntervalSince1970
            let store = try await database.cacheStore(now: { start })
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<50 {
                    group.addTask {
                        for round in 0..<10 {
                            let k = key("mensaje \(task)-\(round) 📨")
                            try await store.set(k, value: "message \(task)-\(round)", expiresIn: .seconds(60))
                            #expect(try await store.get(k)?.value == "message \(task)-\(round)")
                            _ = try await store.get(key("mensaje \((task + 1) % 50)-\(round) 📨"))  // another task's
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(await store.counters()?.entries == 500)
        }
    }

    @Test func aGarbageFileGivesAnErrorNamingItAndWhatToDo() async throws {
        try await withTemporaryFolder { directory in
            let path = directory.file("not-a-database.sqlite")
            try Data(String(repeating: "This is a text file, not SQLite.\n", count: 100).utf8).write(
                to: URL(fileURLWithPath: path)
            )
            let error = try #require(throws: ParleyDatabaseError.self) { try ParleyDatabase(path: path) }
            #expect(error.code == .notADatabase)
            #expect(error.path == path)
            #expect(error.message.contains(path))
            #expect(error.message.contains("not an SQLite database"))
            #expect(error.message.contains("move the file aside"))
            #expect(error.cause is DatabaseError)
            // The file is left as it was.
            #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("This is a text file"))
        }
    }

    @Test func aMissingDirectoryOrADirectoryGivesAClearError() async throws {
        try await withTemporaryFolder { directory in
            let missing = directory.file("no-such-directory/parley.sqlite")
            let error = try #require(throws: ParleyDatabaseError.self) { try ParleyDatabase(path: missing) }
            #expect(error.code == .cannotOpen)
            #expect(error.message.contains(missing))
            #expect(error.message.contains("directory exists"))

            let error2 = try #require(throws: ParleyDatabaseError.self) { try ParleyDatabase(path: directory.path) }
            #expect(error2.code == .cannotOpen)
            #expect(error2.message.contains(directory.path))
        }
    }

    @Test func opensInWALModeWithTheSchema() async throws {
        try await withTemporaryFolder { directory in
            let path = directory.file("parley.sqlite")
            _ = try ParleyDatabase(path: path)
            _ = try ParleyDatabase(path: path)  // a second open runs no migration twice
            try DatabaseQueue(path: path).read { db in
                #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
                #expect(try db.tableExists("translation_cache"))
                let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                #expect(
                    migrations == [
                        "v1-translation-cache", "v2-threads", "v3-lead-pickup", "v4-web-sessions", "v5-jobs-consent",
                        "v6-contact-formality", "v7-translation-memory", "v8-team", "v9-inbox", "v10-search",
                        "v11-shared-state",
                    ])
                let columns = try Set(db.columns(in: "translation_cache").map(\.name))
                #expect(
                    columns == [
                        "digest", "value", "backend", "source", "target", "glossary_version", "protection",
                        "formality", "bytes", "created_at", "accessed_at", "expires_at",
                    ]
                )
                #expect(try db.primaryKey("translation_cache").columns == ["digest"])
            }
        }
    }

    @Test func worksInMemoryToo() async throws {
        let store = SQLiteTranslationCacheStore(database: try ParleyDatabase.inMemory())
        #expect(store.database.path == nil)
        try await store.set(key("hola"), value: "hello", expiresIn: nil)
        #expect(try await store.get(key("hola"))?.value == "hello")
    }
}

// MARK: - Helpers

private func tag(_ text: String) -> LanguageTag { LanguageTag(text)! }

private func key(
    _ text: String,
    backend: String = "deepl@v2",
    source: LanguageTag = tag("es"),
    target: LanguageTag = tag("en"),
    protection: String = "placeholders-v1",
    glossary: GlossaryVersion? = GlossaryVersion(identifier: "sha256:0123456789abcdef"),
    formality: TranslationOptions.Formality? = nil
) -> TranslationCacheKey {
    TranslationCacheKey(
        backend: backend,
        source: source,
        target: target,
        glossaryVersion: glossary,
        protection: protection,
        formality: formality,
        protectedText: text
    )
}

/// A wall clock, in Unix seconds, that moves only when told to.
private final class WallClock: Sendable {
    private let seconds: Mutex<Double>

    init(_ seconds: Double) { self.seconds = Mutex(seconds) }

    var now: @Sendable () -> Double { { self.seconds.withLock { $0 } } }

    func advance(by seconds: Double) { self.seconds.withLock { $0 += seconds } }
}

/// A new directory under the system's temporary directory, removed afterwards.
private struct TemporaryDirectory {
    let path: String

    func file(_ name: String) -> String { path + "/" + name }
}

private func withTemporaryFolder(_ body: (TemporaryDirectory) async throws -> Void) async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-threads-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await body(TemporaryDirectory(path: path))
}
