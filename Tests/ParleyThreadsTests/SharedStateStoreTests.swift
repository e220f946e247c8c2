import Foundation
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// The state replicas share (published glossaries, token buckets, rate windows, leases), on both
/// stores, each test with two stores on one database (two connections: two replicas) and a clock
/// that moves only when told to.
@Suite struct SharedStateStoreTests {
    /// Two stores on one new database, sharing a clock.
    func withReplicas(_ kind: StoreKind, _ body: (any ThreadStore, any ThreadStore, TestClock) async throws -> Void) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock()
            try await body(try await database.threadStore(now: clock.now), try await database.threadStore(now: clock.now), clock)
        }
    }

    static func glossary(_ version: String, at date: Date) -> SharedGlossary {
        SharedGlossary(
            industry: "hvac", revision: 0, version: version, document: "<tbx>\(version)</tbx>", author: "ana@example.com",
            action: "edit concept", updatedAt: date)
    }

    @Test(arguments: StoreKind.allCases) func aGlossaryPublishedOnOneReplicaIsReadOnTheOtherAndRacesHaveOneWinner(_ kind: StoreKind) async throws {
        try await withReplicas(kind) { a, b, clock in
            #expect(try await b.sharedGlossaryRevisions().isEmpty)
            #expect(try await b.sharedGlossary(industry: "hvac") == nil)

            let first = try await a.publishGlossary(Self.glossary("v1", at: clock.date), after: 0)
            #expect(first.revision == 1)
            #expect(try await b.sharedGlossaryRevisions() == ["hvac": 1])
            #expect(try await b.sharedGlossary(industry: "hvac") == first)

            // Two edits that both read revision 1: the first to publish wins, the other is told to start again.
            let second = try await b.publishGlossary(Self.glossary("v2", at: clock.date), after: 1)
            #expect(second.revision == 2)
            let late = await #expect(throws: ThreadStoreError.self) {
                try await a.publishGlossary(Self.glossary("v2-other", at: clock.date), after: 1)
            }
            #expect(late?.code == .conflict)
            #expect(late?.message.contains("changed by someone else") == true)
            let firstAgain = await #expect(throws: ThreadStoreError.self) {
                try await a.publishGlossary(Self.glossary("v1-again", at: clock.date), after: 0)
            }
            #expect(firstAgain?.code == .conflict)
            #expect(try await a.sharedGlossary(industry: "hvac")?.version == "v2")

            var plumbing = Self.glossary("p1", at: clock.date)
            plumbing.industry = "plumbing"
            _ = try await a.publishGlossary(plumbing, after: 0)
            #expect(try await b.sharedGlossaryRevisions() == ["hvac": 2, "plumbing": 1])
        }
    }

    @Test(arguments: StoreKind.allCases) func aTokenBucketCountsAttemptsOnEveryReplicaAndRefillsWithTime(_ kind: StoreKind) async throws {
        try await withReplicas(kind) { a, b, clock in
            let key = "sign-in:email:dana@example.com"
            // Five at once, then one a minute: three here, two there, and the sixth is refused on either.
            for store in [a, a, a, b, b] {
                #expect(try await store.takeSharedToken(key: key, capacity: 5, perSecond: 1.0 / 60, at: clock.date).allowed)
            }
            let refused = try await a.takeSharedToken(key: key, capacity: 5, perSecond: 1.0 / 60, at: clock.date)
            #expect(!refused.allowed)
            #expect(refused.tokens < 1)
            #expect(try await b.takeSharedToken(key: key, capacity: 5, perSecond: 1.0 / 60, at: clock.date).allowed == false)
            // Another email has its own bucket.
            #expect(try await b.takeSharedToken(key: "sign-in:email:rob@example.com", capacity: 5, perSecond: 1.0 / 60, at: clock.date).allowed)

            clock.advance(by: 30)
            #expect(try await b.takeSharedToken(key: key, capacity: 5, perSecond: 1.0 / 60, at: clock.date).allowed == false)
            clock.advance(by: 31)
            #expect(try await b.takeSharedToken(key: key, capacity: 5, perSecond: 1.0 / 60, at: clock.date).allowed)
            #expect(try await a.takeSharedToken(key: key, capacity: 5, perSecond: 1.0 / 60, at: clock.date).allowed == false)

            // A long quiet spell fills it to its capacity, no further.
            clock.advance(by: 3_600)
            for _ in 1...5 {
                #expect(try await a.takeSharedToken(key: key, capacity: 5, perSecond: 1.0 / 60, at: clock.date).allowed)
            }
            #expect(try await a.takeSharedToken(key: key, capacity: 5, perSecond: 1.0 / 60, at: clock.date).allowed == false)
        }
    }

    @Test(arguments: StoreKind.allCases) func rateWindowsAddEveryReplicasCountsPerWindow(_ kind: StoreKind) async throws {
        try await withReplicas(kind) { a, b, _ in
            let minute = Date(timeIntervalSince1970: 1_700_000_040)
            let first = try await a.addToRateWindow(key: "rep-1", windowStart: minute, count: 3)
            #expect(first == 3)
            #expect(try await b.addToRateWindow(key: "rep-1", windowStart: minute, count: 4) == 7)
            #expect(try await a.addToRateWindow(key: "rep-1", windowStart: minute, count: 0) == 7)
            #expect(try await b.addToRateWindow(key: "rep-2", windowStart: minute, count: 1) == 1)
            #expect(try await b.addToRateWindow(key: "rep-1", windowStart: minute.addingTimeInterval(60), count: 2) == 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func aLeaseHasOneHolderUntilItIsGivenBackOrExpires(_ kind: StoreKind) async throws {
        try await withReplicas(kind) { a, b, clock in
            let until = clock.date.addingTimeInterval(30)
            #expect(try await a.acquireLease(name: "demo-seed", holder: "a", until: until, at: clock.date))
            #expect(try await b.acquireLease(name: "demo-seed", holder: "b", until: until, at: clock.date) == false)
            #expect(try await a.acquireLease(name: "demo-seed", holder: "a", until: until.addingTimeInterval(30), at: clock.date))  // renewed
            #expect(try await b.acquireLease(name: "other", holder: "b", until: until, at: clock.date))

            try await b.releaseLease(name: "demo-seed", holder: "b")  // not b's: nothing happens
            #expect(try await b.acquireLease(name: "demo-seed", holder: "b", until: until, at: clock.date) == false)
            try await a.releaseLease(name: "demo-seed", holder: "a")
            #expect(try await b.acquireLease(name: "demo-seed", holder: "b", until: until, at: clock.date))

            // A holder that died: its lease expires and another takes it.
            clock.advance(by: 31)
            #expect(try await a.acquireLease(name: "demo-seed", holder: "a", until: clock.date.addingTimeInterval(30), at: clock.date))
        }
    }

    @Test(arguments: StoreKind.allCases) func oldCountsAndLeasesAreDeletedAndGlossariesKept(_ kind: StoreKind) async throws {
        try await withReplicas(kind) { a, b, clock in
            let old = clock.date
            _ = try await a.takeSharedToken(key: "old", capacity: 5, perSecond: 1, at: old)
            _ = try await a.addToRateWindow(key: "old", windowStart: old, count: 1)
            _ = try await a.acquireLease(name: "old", holder: "a", until: old.addingTimeInterval(10), at: old)
            _ = try await a.publishGlossary(Self.glossary("v1", at: old), after: 0)
            clock.advance(by: 7_200)
            let recent = clock.date
            _ = try await b.takeSharedToken(key: "new", capacity: 5, perSecond: 1, at: recent)
            _ = try await b.addToRateWindow(key: "new", windowStart: recent, count: 1)
            _ = try await b.acquireLease(name: "new", holder: "b", until: recent.addingTimeInterval(10), at: recent)

            #expect(try await b.deleteSharedState(before: recent.addingTimeInterval(-3_600)) == 3)
            #expect(try await b.deleteSharedState(before: recent.addingTimeInterval(-3_600)) == 0)
            // What is left is the recent state: the old key's bucket starts full again, the new one's does not.
            #expect(try await a.takeSharedToken(key: "old", capacity: 5, perSecond: 0, at: recent).tokens == 4)
            #expect(try await a.takeSharedToken(key: "new", capacity: 5, perSecond: 0, at: recent).tokens == 3)
            #expect(try await a.addToRateWindow(key: "new", windowStart: recent, count: 0) == 1)
            #expect(try await a.addToRateWindow(key: "old", windowStart: old, count: 0) == 0)
            #expect(try await a.acquireLease(name: "new", holder: "a", until: recent, at: recent) == false)
            #expect(try await a.sharedGlossaryRevisions() == ["hvac": 1])
        }
    }
}
