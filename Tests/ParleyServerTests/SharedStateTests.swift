import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ParleyGlossary
import ParleyMessaging
@testable import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// What replicas share through the database, with two in-process replicas on one database (each
/// with its own connection and, for glossaries, its own folder, as on two machines): glossary
/// edits, sign-in throttling, API rate limits and `--demo`.
@Suite(.serialized) struct SharedStateTests {
    static let adminKey = "admin-key-0123456789abcdef"
    static let danaKey = "dana-key-0123456789abcdef"

    /// One replica: its own connection to the database and its own glossary folder (the shipped HVAC glossary).
    struct Replica {
        let folder: URL
        let shelf: GlossaryShelf
        let services: ParleyServices

        init(_ database: TestDatabase, backendDown: Bool = false) async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-replica-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("glossaries/hvac.tbx")
            try FileManager.default.copyItem(at: shipped, to: folder.appendingPathComponent("hvac.tbx"))
            let store = try await database.threadStore()
            shelf = try GlossaryShelf(loading: GlossaryLibrary(directory: folder), industry: "hvac", shared: SharedGlossaries(store: store))
            services = ParleyServices(
                pipeline: try ThreadFixture.pipeline(down: backendDown).using(shelf.current), store: store, sender: LogSender(quiet: true),
                access: try AccessKeys(parsing: "admin:ana@example.com=\(SharedStateTests.adminKey),rep:dana@example.com=\(SharedStateTests.danaKey)"),
                glossaries: shelf, rateLimit: RateLimit())
        }

        func app() -> some ApplicationProtocol { buildApplication(services) }
        func sync() -> GlossarySync<ContinuousClock> { GlossarySync(shelf: shelf, interval: .milliseconds(50), logger: Logger(label: "test")) }
        var version: String? { shelf.current?.versions["hvac"]?.identifier }
        func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    }

    /// Two replicas on one new database with an admin and a rep.
    static func withReplicas(_ kind: StoreKind, backendDown: Bool = false, _ body: (Replica, Replica) async throws -> Void) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.threadStore()
            _ = try await store.createRep(name: "Ana", email: "ana@example.com", role: .admin)
            _ = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let a = try await Replica(database, backendDown: backendDown)
            let b = try await Replica(database, backendDown: backendDown)
            defer {
                a.cleanUp()
                b.cleanUp()
            }
            try await body(a, b)
        }
    }

    static func headers(_ key: String, ifMatch: String? = nil) -> HTTPFields {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(key)"
        headers[.contentType] = "application/json"
        if let ifMatch { headers[.ifMatch] = "\"\(ifMatch)\"" }
        return headers
    }

    /// Waits for a condition, with a deadline generous enough for a busy machine.
    static func eventually(_ what: Comment, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await !condition() {
            try #require(ContinuousClock.now < deadline, what)
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    // MARK: - Glossaries

    @Test(arguments: StoreKind.allCases) func aGlossaryEditOnOneReplicaIsUsedByTheOthersNextPreview(_ kind: StoreKind) async throws {
        try await Self.withReplicas(kind) { a, b in
            let preview = ByteBuffer(string: #"{"text": "Your comfort club visit is tomorrow.", "language": "es"}"#)
            let start = try #require(b.version)
            try await b.app().test(.router) { client in
                try await client.execute(uri: "/v1/preview", method: .post, headers: Self.headers(Self.danaKey), body: preview) { response in
                    #expect(response.status == .ok)
                    #expect(!String(buffer: response.body).contains("Club Confort Parley"))
                }
            }
            #expect(await b.sync().syncOnce().isEmpty)  // nothing published yet

            let edited = try await a.app().test(.router) { client in
                try await client.execute(
                    uri: "/v1/glossaries/hvac/concepts", method: .post, headers: Self.headers(Self.adminKey, ifMatch: start),
                    body: ByteBuffer(string: GlossaryAPITests.comfortClub)
                ) { response throws in
                    #expect(response.status == .created)
                    return try #require(response.headers[.eTag]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
            }
            #expect(a.version == edited)
            #expect(b.version == start)

            // One pass of B's sync takes it in: enforced, and B's folder (its pages, its next edit) follows.
            #expect(await b.sync().syncOnce() == ["hvac"])
            #expect(await b.sync().syncOnce().isEmpty)
            #expect(b.version == edited)
            #expect(try GlossaryLibrary(directory: b.folder).load("hvac").version.identifier == edited)
            #expect(try GlossaryLibrary(directory: b.folder).changeLog(for: "hvac").entries().last?.by == "ana@example.com")
            try await b.app().test(.router) { client in
                try await client.execute(uri: "/v1/preview", method: .post, headers: Self.headers(Self.danaKey), body: preview) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("Club Confort Parley"), "\(String(buffer: response.body))")
                }
                try await client.execute(uri: "/v1/glossaries/hvac", method: .get, headers: Self.headers(Self.danaKey)) { response in
                    #expect(response.headers[.eTag] == "\"\(edited)\"")
                }
            }

            // B's edit, while A's sync runs as the service does: A enforces it within its interval.
            let sync = a.sync()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await sync.run() }
                let removed = try await b.app().test(.router) { client in
                    try await client.execute(
                        uri: "/v1/glossaries/hvac/concepts/hvac-comfort-club", method: .delete, headers: Self.headers(Self.adminKey, ifMatch: edited)
                    ) { response throws in
                        #expect(response.status == .ok)
                        return try #require(response.headers[.eTag]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    }
                }
                #expect(removed == start)  // the glossary as shipped again
                try await Self.eventually("A takes in B's edit") { a.version == removed }
                group.cancelAll()
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func anEditFromAnOldVersionIsRefusedOnAReplicaThatHasNotCaughtUpYet(_ kind: StoreKind) async throws {
        try await Self.withReplicas(kind, backendDown: true) { a, b in
            let start = try #require(a.version)
            try await a.app().test(.router) { client in
                try await client.execute(
                    uri: "/v1/glossaries/hvac/concepts", method: .post, headers: Self.headers(Self.adminKey, ifMatch: start),
                    body: ByteBuffer(string: GlossaryAPITests.comfortClub)
                ) { response in #expect(response.status == .created) }
            }
            // B has not synced; an admin there still names the old version. The edit reads the
            // published glossary first, so it is refused instead of overwriting A's edit.
            try await b.app().test(.router) { client in
                try await client.execute(
                    uri: "/v1/glossaries/hvac/concepts/hvac-heat-pump", method: .delete, headers: Self.headers(Self.adminKey, ifMatch: start)
                ) { response in
                    #expect(response.status == .conflict)
                }
                // Without a version, B's edit applies on top of A's: both concepts' changes hold.
                try await client.execute(
                    uri: "/v1/glossaries/hvac/concepts/hvac-heat-pump", method: .delete, headers: Self.headers(Self.adminKey)
                ) { response in #expect(response.status == .ok) }
            }
            #expect(await a.sync().syncOnce() == ["hvac"])
            for replica in [a, b] {
                let glossary = try #require(replica.shelf.current?.glossaries.first { $0.industry == "hvac" })
                #expect(glossary.concepts.contains { $0.id == "hvac-comfort-club" })
                #expect(!glossary.concepts.contains { $0.id == "hvac-heat-pump" })
            }
            #expect(a.version == b.version)
        }
    }

    // MARK: - Sign-in throttling

    @Test(arguments: StoreKind.allCases) func signInAttemptsOnOneReplicaCountOnTheOther(_ kind: StoreKind) async throws {
        try await Self.withReplicas(kind, backendDown: true) { a, b in
            try await a.app().test(.router) { client in
                for _ in 1...5 {
                    let reply = try await WebTests.postSignIn(client, email: "dana@example.com", key: "guess-0123456789abcdef")
                    #expect(reply.status == .unauthorized)
                }
            }
            try await b.app().test(.router) { client in
                // The sixth, on the other replica, is refused before the key is checked, even the right key.
                let throttled = try await WebTests.postSignIn(client, email: "dana@example.com", key: Self.danaKey)
                #expect(throttled.status == .tooManyRequests)
                #expect(throttled.body.contains("Too many sign-in attempts. Wait 1 minute and try again"))
                #expect(Int(throttled.headers[.retryAfter] ?? "") ?? 0 >= 1)
                #expect(throttled.setCookie("parley_session") == nil)
                // Another person is not held up.
                let ana = try await WebTests.postSignIn(client, email: "ana@example.com", key: Self.adminKey)
                #expect(ana.status == .seeOther)
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func theSignInThrottleRefillsOneAttemptAMinute(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock()
            let (a, b) = (try await database.threadStore(), try await database.threadStore())
            let (throttleA, throttleB) = (SignInThrottle(now: clock.now), SignInThrottle(now: clock.now))
            for store in [a, b, a, b, a] {
                #expect(try await throttleA.check(email: "dana@example.com", address: "10.0.0.1", store: store) == nil)
            }
            let wait = try await throttleB.check(email: "dana@example.com", address: "10.0.0.1", store: b)
            #expect(wait.map { (1...60).contains($0) } == true)
            clock.advance(by: 61)
            #expect(try await throttleB.check(email: "dana@example.com", address: "10.0.0.1", store: b) == nil)
            #expect(try await throttleA.check(email: "dana@example.com", address: "10.0.0.1", store: a) != nil)
            // Thirty from one address, whatever the emails, then that address waits too.
            for index in 1...30 {
                #expect(try await throttleA.check(email: "rep\(index)@example.com", address: "10.0.0.9", store: index.isMultiple(of: 2) ? a : b) == nil)
            }
            #expect(try await throttleB.check(email: "new@example.com", address: "10.0.0.9", store: b) != nil)
            #expect(try await throttleB.check(email: "new@example.com", address: "10.0.0.2", store: b) == nil)
        }
    }

    // MARK: - API rate limits

    @Test(arguments: StoreKind.allCases) func theRateLimitHoldsAcrossReplicasWithinOneReportsLag(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock(1_700_000_040)  // the start of a minute
            let limit = RateLimit(requestsPerMinute: 20, burst: 20)
            let a = RateLimiter(limit: limit, store: try await database.threadStore(), now: clock.now)
            let b = RateLimiter(limit: limit, store: try await database.threadStore(), now: clock.now)
            // A lets 12 through; the first reports at once, the rest a second later with A's 13th.
            for _ in 1...12 { #expect(await a.admit("rep-1") == .allowed) }
            clock.advance(by: 1)
            #expect(await a.admit("rep-1") == .allowed)
            // B's first reports too and learns of A's 13: B lets 7 more through, then refuses until the next minute.
            var allowed = 0
            while await b.admit("rep-1") == .allowed { allowed += 1 }
            #expect(allowed == 7)
            guard case .refused(let retryAfter) = await b.admit("rep-1") else { Issue.record("B let a 21st through"); return }
            #expect((1...60).contains(retryAfter))
            #expect(await b.admit("rep-2") == .allowed)  // another caller has its own count
            // A has not heard of B's 6 unreported requests yet (the lag): it reports its own and
            // lets 6 through (it knows of 15) before it refuses.
            clock.advance(by: 1)
            allowed = 0
            while await a.admit("rep-1") == .allowed { allowed += 1 }
            #expect(allowed == 6)
            // A second later both report, refused as they are; the cluster went over by B's 6: 26 for a limit of 20.
            clock.advance(by: 1)
            #expect(await b.admit("rep-1") != .allowed)
            #expect(await a.admit("rep-1") != .allowed)
            let store = try await database.threadStore()
            #expect(try await store.addToRateWindow(key: "rep-1", windowStart: clock.date.addingTimeInterval(-3), count: 0) == 26)
            // The next minute starts again.
            clock.advance(by: 60)
            #expect(await b.admit("rep-1") == .allowed)
        }
    }

    @Test func withoutAStoreTheLimitIsThisProcesssBucket() async throws {
        let clock = TestClock()
        let limiter = RateLimiter(limit: RateLimit(requestsPerMinute: 60, burst: 3), now: clock.now)
        for _ in 1...3 { #expect(await limiter.admit("core") == .allowed) }
        #expect(await limiter.admit("core") == .refused(retryAfter: 1))
        clock.advance(by: 1)
        #expect(await limiter.admit("core") == .allowed)
    }

    // MARK: - Demo data

    @Test(arguments: StoreKind.allCases) func replicasSeedingTheDemoTogetherSeedItOnce(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let stores = [try await database.threadStore(), try await database.threadStore(), try await database.threadStore()]
            let seeded = try await withThrowingTaskGroup(of: DemoSeed.Seeded.self) { group in
                for store in stores { group.addTask { try await DemoSeed.seed(store) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(seeded.map(\.rep.id)).count == 1)
            #expect(Set(seeded.map(\.conversation.id)).count == 1)
            // Started again, it seeds nothing twice.
            let again = try await DemoSeed.seed(stores[0])
            #expect(again.conversation.id == seeded[0].conversation.id)
            let store = stores[1]
            #expect(try await store.reps().filter { $0.email == DemoSeed.repEmail }.count == 1)
            #expect(try await store.businessNumbers(repID: nil).count == 1)
            #expect(try await store.templates(repID: nil).count == 1)
            #expect(try await store.conversations(repID: again.rep.id, limit: 10, before: nil).count == 1)
            #expect(try await store.contact(phone: PhoneNumber(parsing: DemoSeed.contactNumber))?.id == again.contact.id)
        }
    }

    @Test(arguments: StoreKind.allCases) func aReplicaWaitsForTheOneSeedingAndGivesUpWithAClearError(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.threadStore()
            // Another replica holds the lease and never finishes.
            #expect(try await store.acquireLease(name: "demo-seed", holder: "stalled", until: Date().addingTimeInterval(600), at: Date()))
            let busy = await #expect(throws: DemoSeed.Busy.self) {
                try await DemoSeed.seed(store, waitingAtMost: .milliseconds(300))
            }
            #expect(busy?.description.contains("Another replica has been seeding the demo data") == true)
            #expect(try await store.rep(email: DemoSeed.repEmail) == nil)
            // Once its lease expires, the next start seeds.
            #expect(try await store.acquireLease(name: "demo-seed", holder: "stalled", until: Date().addingTimeInterval(-1), at: Date()))
            #expect(try await DemoSeed.seed(store).rep.email == DemoSeed.repEmail)
        }
    }

    // MARK: - Retention

    @Test(arguments: StoreKind.allCases) func theWorkersSweepDeletesOldSharedCounts(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock()
            let store = try await database.threadStore(now: clock.now)
            let pipeline = try ThreadFixture.pipeline(down: true)
            let messaging = Messaging(store: store, pipeline: { pipeline }, sender: LogSender(quiet: true), now: clock.now)
            _ = try await store.takeSharedToken(key: "sign-in:email:dana@example.com", capacity: 5, perSecond: 0, at: clock.date)
            _ = try await store.addToRateWindow(key: "rep-1", windowStart: clock.date, count: 5)
            await messaging.sweep()
            #expect(try await store.addToRateWindow(key: "rep-1", windowStart: clock.date, count: 0) == 5)  // kept for an hour
            clock.advance(by: 3_601)
            await messaging.sweep()
            #expect(try await store.addToRateWindow(key: "rep-1", windowStart: clock.date.addingTimeInterval(-3_601), count: 0) == 0)
            #expect(try await store.takeSharedToken(key: "sign-in:email:dana@example.com", capacity: 5, perSecond: 0, at: clock.date).tokens == 4)
        }
    }
}
