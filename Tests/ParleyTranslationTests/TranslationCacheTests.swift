import ParleyGlossary
import ParleyLanguage
import ParleyTranslation
import Synchronization
import Testing

@Suite struct TranslationCacheKeyTests {
    @Test func differsForEachPart() {
        let base = key("Hola, ¿cómo estás?")
        let variants = [
            key("Hola, ¿cómo estás?", backend: "apertium@3.9"),
            key("Hola, ¿cómo estás?", source: tag("pt")),
            key("Hola, ¿cómo estás?", target: tag("fr")),
            key("Hola, ¿cómo estás?", glossary: GlossaryVersion(identifier: "sha256:00000000000000ff")),
            key("Hola, ¿cómo estás?", glossary: nil),
            key("Hola, ¿cómo estás?", protection: "placeholders-v2"),
            key("Hola, ¿cómo estás?", formality: .formal),
            key("Hola, ¿cómo estás? "),
        ]
        for variant in variants {
            #expect(variant != base, "\(variant)")
            #expect(variant.digest != base.digest, "\(variant)")
        }
        #expect(Set(variants.map(\.digest)).count == variants.count)
        #expect(key("Hola, ¿cómo estás?") == base)
        #expect(key("Hola, ¿cómo estás?").digest == base.digest)
    }

    @Test func swappedDirectionIsADifferentKey() {
        let forward = key("sí", source: tag("es"), target: tag("en"))
        let backward = key("sí", source: tag("en"), target: tag("es"))
        #expect(forward != backward)
        #expect(forward.digest != backward.digest)
    }

    @Test func fieldBoundariesCannotBeShifted() {
        // Moving characters from one field into the next must not give the same digest.
        let a = key("xyz", backend: "deepl@v2", protection: "p1")
        let b = key("1xyz", backend: "deepl@v2", protection: "p")
        #expect(a.digest != b.digest)
    }

    @Test func canonicallyEquivalentTextsAreOneKey() {
        let composed = key("canci\u{F3}n")  // ó as one scalar
        let decomposed = key("cancio\u{301}n")  // o + combining acute
        #expect(composed == decomposed)
        #expect(composed.hashValue == decomposed.hashValue)
        #expect(composed.digest == decomposed.digest)
        #expect(Array(decomposed.protectedText.unicodeScalars) == Array("canci\u{F3}n".unicodeScalars))
    }

    @Test func digestIsStable() {
        // Pinned (computed independently with Python hashlib over the documented encoding): a
        // persistent store finds its entries again only while this does not change.
        let pinned = key("Hola ⟦T1⟧", glossary: GlossaryVersion(identifier: "sha256:0123456789abcdef"))
        #expect(pinned.digest == "v1:4f1d7db73161034c0e92f1854b828e943a191556e0f26c71e3ca1ba5d8d8ba22")
        #expect(pinned.digest.count == 3 + 64)
    }

    @Test func byteCountIsUTF8() {
        let k = key("ñ😀")  // 2 + 4 bytes
        let expected = "deepl@v2".utf8.count + 2 + 2 + "sha256:0123456789abcdef".utf8.count
            + "placeholders-v1".utf8.count + 6
        #expect(k.byteCount == expected)
    }

    /// FIPS 180-4 examples, plus lengths around the padding boundary (55, 56, 64 bytes), checked with
    /// `sha256sum`.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (String(repeating: "a", count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
    ])
    func sha256(message: String, hex: String) {
        #expect(hexString(TranslationCacheKey.sha256(Array(message.utf8))) == hex)
    }

    @Test func sha256OfAMillionAs() {
        let digest = TranslationCacheKey.sha256([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(hexString(digest) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite struct MemoryCacheStoreTests {
    @Test func evictsLeastRecentlyUsedByBytes() async throws {
        let clock = StepClock()
        let a = key("aaaa")
        let b = key("bbbb")
        let c = key("cccc")
        let size = a.byteCount + "AAAA".utf8.count  // all three entries are this size
        let store = MemoryCacheStore(maximumBytes: 2 * size, clock: clock)

        await store.set(a, value: "AAAA", expiresIn: nil)
        await store.set(b, value: "BBBB", expiresIn: nil)
        #expect(await store.get(a)?.value == "AAAA")  // a is now the most recently used
        await store.set(c, value: "CCCC", expiresIn: nil)

        #expect(await store.get(b) == nil)  // b was least recently used
        #expect(await store.get(a)?.value == "AAAA")
        #expect(await store.get(c)?.value == "CCCC")
        #expect(await store.keysByRecency == [c, a])
        let counters = try #require(await store.counters())
        #expect(counters == TranslationCacheStoreCounters(entries: 2, bytes: 2 * size, evictions: 1, expirations: 0))
    }

    @Test func countsMultibyteValuesInUTF8() async throws {
        let small = key("x")
        // "ñ" is 2 bytes in UTF-8 but 1 Character: a budget counted in characters would keep both.
        let store = MemoryCacheStore(maximumBytes: 2 * (small.byteCount + 1) + 1, clock: StepClock())
        await store.set(small, value: "ñ", expiresIn: nil)
        #expect(try #require(await store.counters()).bytes == small.byteCount + 2)
        await store.set(key("y"), value: "ññ", expiresIn: nil)  // would fit if counted as characters
        #expect(await store.get(small) == nil)
        #expect(try #require(await store.counters()).evictions == 1)
    }

    @Test func oneEvictionCanDropSeveralEntries() async throws {
        let store = MemoryCacheStore(maximumBytes: 100, clock: StepClock())
        let keys = (0..<3).map { key("k\($0)", backend: "b", protection: "p", glossary: nil) }
        for k in keys { await store.set(k, value: "v", expiresIn: nil) }
        let big = key("big", backend: "b", protection: "p", glossary: nil)
        await store.set(big, value: String(repeating: "z", count: 100 - big.byteCount), expiresIn: nil)
        #expect(await store.keysByRecency == [big])
        #expect(try #require(await store.counters()) == .init(entries: 1, bytes: 100, evictions: 3, expirations: 0))
    }

    @Test func doesNotKeepAnEntryLargerThanTheBudget() async throws {
        let k = key("hola")
        let store = MemoryCacheStore(maximumBytes: k.byteCount + 3, clock: StepClock())
        await store.set(k, value: "hi!", expiresIn: nil)
        #expect(await store.get(k)?.value == "hi!")
        await store.set(k, value: "hello", expiresIn: nil)  // too big: the old value goes too
        #expect(await store.get(k) == nil)
        #expect(try #require(await store.counters()) == .init(entries: 0, bytes: 0, evictions: 0, expirations: 0))
    }

    @Test func replacingAnEntryRecountsItsBytes() async throws {
        let k = key("hola")
        let store = MemoryCacheStore(maximumBytes: 1000, clock: StepClock())
        await store.set(k, value: "hi", expiresIn: nil)
        await store.set(k, value: "hello", expiresIn: nil)
        #expect(try #require(await store.counters()) == .init(entries: 1, bytes: k.byteCount + 5))
        await store.remove(k)
        #expect(try #require(await store.counters()) == .init(entries: 0, bytes: 0))
    }

    @Test func expiresByTheInjectedClock() async throws {
        let clock = StepClock()
        let k = key("hola")
        let store = MemoryCacheStore(maximumBytes: 1000, clock: clock)
        await store.set(k, value: "hi", expiresIn: .seconds(10))

        clock.advance(by: .seconds(4))
        #expect(await store.get(k) == TranslationCacheEntry(value: "hi", expiresIn: .seconds(6)))
        clock.advance(by: .seconds(5))
        #expect(await store.get(k)?.expiresIn == .seconds(1))
        clock.advance(by: .seconds(1))
        #expect(await store.get(k) == nil)
        #expect(try #require(await store.counters()) == .init(entries: 0, bytes: 0, evictions: 0, expirations: 1))
    }

    @Test func sweepRemovesOnlyExpiredEntries() async throws {
        let clock = StepClock()
        let store = MemoryCacheStore(maximumBytes: 10_000, clock: clock)
        await store.set(key("a"), value: "1", expiresIn: .seconds(5))
        await store.set(key("b"), value: "2", expiresIn: .seconds(50))
        await store.set(key("c"), value: "3", expiresIn: nil)
        await store.set(key("d"), value: "4", expiresIn: .zero)  // stores nothing
        clock.advance(by: .seconds(6))
        #expect(await store.removeExpired() == 1)
        #expect(await store.keysByRecency == [key("c"), key("b")])
        #expect(try #require(await store.counters()).expirations == 1)
    }

    @Test func anExpiredEntryIsDroppedBeforeLiveOnesAndCountedAsExpired() async throws {
        let clock = StepClock()
        let a = key("aaaa")
        let size = a.byteCount + 1
        let store = MemoryCacheStore(maximumBytes: 2 * size, clock: clock)
        await store.set(a, value: "A", expiresIn: .seconds(1))
        await store.set(key("bbbb"), value: "B", expiresIn: nil)
        clock.advance(by: .seconds(2))
        await store.set(key("cccc"), value: "C", expiresIn: nil)
        #expect(try #require(await store.counters()) == .init(entries: 2, bytes: 2 * size, evictions: 0, expirations: 1))
    }
}

@Suite struct TranslationCacheTests {
    @Test func memoryHitThenMiss() async {
        let cache = TranslationCache(memory: MemoryCacheStore(maximumBytes: 10_000, clock: StepClock()))
        #expect(await cache.get(key("hola")) == nil)
        await cache.set(key("hola"), "hello")
        #expect(await cache.get(key("hola")) == "hello")
        let statistics = await cache.statistics()
        #expect(statistics.memory.hits == 1)
        #expect(statistics.memory.misses == 1)
        #expect(statistics.memory.hitRatio == 0.5)
        #expect(statistics.persistent == nil)
    }

    @Test func setWritesBothTiers() async throws {
        let clock = StepClock()
        let persistent = RecordingStore(clock: clock)
        let cache = TranslationCache(memory: MemoryCacheStore(maximumBytes: 10_000, clock: clock), persistent: persistent)
        await cache.set(key("hola"), "hello")
        #expect(await cache.memory.get(key("hola"))?.value == "hello")
        #expect(try await persistent.get(key("hola"))?.value == "hello")
        #expect(persistent.calls.sets == 1)
    }

    @Test func persistentHitIsPromotedToMemory() async throws {
        let clock = StepClock()
        let persistent = RecordingStore(clock: clock)
        try await persistent.set(key("hola"), value: "hello", expiresIn: nil)
        let cache = TranslationCache(memory: MemoryCacheStore(maximumBytes: 10_000, clock: clock), persistent: persistent)

        #expect(await cache.get(key("hola")) == "hello")  // from the persistent tier
        #expect(persistent.calls.gets == 1)
        #expect(await cache.memory.get(key("hola"))?.value == "hello")
        #expect(await cache.get(key("hola")) == "hello")  // from memory
        #expect(persistent.calls.gets == 1)  // the persistent tier was not asked again

        let statistics = await cache.statistics()
        #expect(statistics.memory.hits == 1)
        #expect(statistics.memory.misses == 1)
        let tier = try #require(statistics.persistent)
        #expect(tier.hits == 1)
        #expect(tier.misses == 0)
        #expect(statistics.memory.store?.entries == 1)
    }

    @Test func missInBothTiersCountsTwice() async throws {
        let clock = StepClock()
        let cache = TranslationCache(
            memory: MemoryCacheStore(maximumBytes: 10_000, clock: clock), persistent: RecordingStore(clock: clock)
        )
        #expect(await cache.get(key("nada")) == nil)
        let statistics = await cache.statistics()
        #expect(statistics.memory.misses == 1)
        #expect(try #require(statistics.persistent).misses == 1)
        #expect(try #require(statistics.persistent).hits == 0)
    }

    @Test func aPromotedEntryLivesNoLongerThanThePersistentOne() async throws {
        let clock = StepClock()
        let persistent = RecordingStore(clock: clock)
        try await persistent.set(key("hola"), value: "hello", expiresIn: .seconds(10))
        let memory = MemoryCacheStore(maximumBytes: 10_000, clock: clock)
        let cache = TranslationCache(memory: memory, persistent: persistent, timeToLive: .seconds(3600))

        clock.advance(by: .seconds(4))
        #expect(await cache.get(key("hola")) == "hello")  // promoted with 6 s left, not an hour
        #expect(await memory.get(key("hola"))?.expiresIn == .seconds(6))
        clock.advance(by: .seconds(6))
        #expect(await cache.get(key("hola")) == nil)
        #expect(try #require(await memory.counters()).expirations == 1)
    }

    @Test func entriesExpireAfterTheTimeToLive() async throws {
        let clock = StepClock()
        let persistent = RecordingStore(clock: clock)
        let cache = TranslationCache(
            memory: MemoryCacheStore(maximumBytes: 10_000, clock: clock), persistent: persistent,
            timeToLive: .seconds(60)
        )
        await cache.set(key("hola"), "hello")
        clock.advance(by: .seconds(59))
        #expect(await cache.get(key("hola")) == "hello")
        clock.advance(by: .seconds(1))
        #expect(await cache.get(key("hola")) == nil)
        let statistics = await cache.statistics()
        #expect(statistics.memory.expirations == 1)
        #expect(try #require(statistics.persistent).misses == 1)
    }

    @Test func memoryEvictionsAreCountedAndRefilledFromThePersistentTier() async throws {
        let clock = StepClock()
        let a = key("aaaa")
        let b = key("bbbb")
        let memory = MemoryCacheStore(maximumBytes: a.byteCount + 5, clock: clock)  // room for one
        let persistent = RecordingStore(clock: clock)
        let cache = TranslationCache(memory: memory, persistent: persistent)
        await cache.set(a, "AAAAA")
        await cache.set(b, "BBBBB")  // evicts a from memory only
        #expect(await cache.get(a) == "AAAAA")  // from the persistent tier; evicts b from memory
        let statistics = await cache.statistics()
        #expect(statistics.memory.evictions == 2)
        #expect(statistics.memory.misses == 1)
        #expect(try #require(statistics.persistent).hits == 1)
        #expect(await memory.keysByRecency == [a])
    }

    @Test func aGlossaryEditNeverServesTheOldTranslation() async throws {
        let clock = StepClock()
        let cache = TranslationCache(
            memory: MemoryCacheStore(maximumBytes: 10_000, clock: clock), persistent: RecordingStore(clock: clock)
        )
        var glossary = Glossary(
            industry: "food-bank",
            concepts: [Concept(id: "food-bank-pantry", terms: [tag("es"): [Term("despensa")], tag("en"): [Term("pantry")]])]
        )
        let before = glossary.version
        let text = "La ⟦T1⟧ abre el martes"
        await cache.set(key(text, glossary: before), "The ⟦T1⟧ opens on Tuesday")

        glossary.concepts[0].terms[tag("en")] = [Term("food bank")]  // an admin edits one term
        let after = glossary.version
        #expect(after != before)

        // Same text, backend, pair and protection: only the glossary changed, and nothing is served.
        #expect(await cache.get(key(text, glossary: after)) == nil)
        let statistics = await cache.statistics()
        #expect(statistics.memory.hits == 0)
        #expect(try #require(statistics.persistent).hits == 0)

        await cache.set(key(text, glossary: after), "The ⟦T1⟧ opens on Tuesday (food bank)")
        #expect(await cache.get(key(text, glossary: after)) == "The ⟦T1⟧ opens on Tuesday (food bank)")
    }

    @Test func aFailingPersistentTierReadsAsAMissAndIsCounted() async throws {
        let clock = StepClock()
        let persistent = RecordingStore(clock: clock)
        persistent.failing = true
        let cache = TranslationCache(memory: MemoryCacheStore(maximumBytes: 10_000, clock: clock), persistent: persistent)
        await cache.set(key("hola"), "hello")  // memory still gets it
        #expect(await cache.get(key("hola")) == "hello")
        #expect(await cache.get(key("adiós")) == nil)
        let tier = try #require(await cache.statistics().persistent)
        #expect(tier.errors == 2)  // the failed write and the failed read
        #expect(tier.misses == 1)
        #expect(tier.store == nil)  // this store counts nothing
    }

    @Test func removeClearsBothTiers() async throws {
        let clock = StepClock()
        let persistent = RecordingStore(clock: clock)
        let cache = TranslationCache(memory: MemoryCacheStore(maximumBytes: 10_000, clock: clock), persistent: persistent)
        await cache.set(key("hola"), "hello")
        await cache.remove(key("hola"))
        #expect(await cache.get(key("hola")) == nil)
        #expect(try await persistent.get(key("hola")) == nil)
    }
}

// MARK: - Helpers

private func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { byte -> String in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

private func tag(_ text: String) -> LanguageTag { LanguageTag(text)! }

private func key(
    _ text: String, backend: String = "deepl@v2", source: LanguageTag = tag("es"), target: LanguageTag = tag("en"),
    protection: String = "placeholders-v1",
    glossary: GlossaryVersion? = GlossaryVersion(identifier: "sha256:0123456789abcdef"),
    formality: TranslationOptions.Formality? = nil
) -> TranslationCacheKey {
    TranslationCacheKey(
        backend: backend, source: source, target: target, glossaryVersion: glossary, protection: protection,
        formality: formality, protectedText: text
    )
}

/// A clock that moves only when told to.
private final class StepClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let current = Mutex(Instant(offset: .zero))

    var now: Instant { current.withLock { $0 } }
    var minimumResolution: Duration { .nanoseconds(1) }

    func advance(by duration: Duration) { current.withLock { $0 = $0.advanced(by: duration) } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        while now < deadline {
            try Task.checkCancellation()
            await Task.yield()
        }
    }
}

/// A stand-in for a persistent store: entries on its own clock, calls counted, failures on demand,
/// and no counters of its own.
private final class RecordingStore: TranslationCacheStore {
    struct Calls {
        var gets = 0
        var sets = 0
    }

    private let clock: StepClock
    private let state = Mutex<(entries: [String: (String, StepClock.Instant?)], calls: Calls, failing: Bool)>(
        ([:], Calls(), false)
    )

    init(clock: StepClock) { self.clock = clock }

    var calls: Calls { state.withLock { $0.calls } }
    var failing: Bool {
        get { state.withLock { $0.failing } }
        set { state.withLock { $0.failing = newValue } }
    }

    struct Failure: Error {}

    func get(_ key: TranslationCacheKey) async throws -> TranslationCacheEntry? {
        let now = clock.now
        return try state.withLock { state in
            state.calls.gets += 1
            if state.failing { throw Failure() }
            // Keyed by digest, as a database would be.
            guard let (value, expiresAt) = state.entries[key.digest] else { return nil }
            if let expiresAt, expiresAt <= now {
                state.entries[key.digest] = nil
                return nil
            }
            return TranslationCacheEntry(value: value, expiresIn: expiresAt.map { now.duration(to: $0) })
        }
    }

    func removeExpired() async throws -> Int {
        let now = clock.now
        return state.withLock { state in
            let expired = state.entries.filter { $0.value.1.map { $0 <= now } ?? false }.keys
            for key in expired { state.entries[key] = nil }
            return expired.count
        }
    }

    func set(_ key: TranslationCacheKey, value: String, expiresIn: Duration?) async throws {
        let expiresAt = expiresIn.map { clock.now.advanced(by: $0) }
        try state.withLock { state in
            state.calls.sets += 1
            if state.failing { throw Failure() }
            state.entries[key.digest] = (value, expiresAt)
        }
    }

    func remove(_ key: TranslationCacheKey) async throws {
        try state.withLock { state in
            if state.failing { throw Failure() }
            state.entries[key.digest] = nil
        }
    }

    func counters() async -> TranslationCacheStoreCounters? { nil }
}
