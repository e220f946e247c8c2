import ParleyMessaging
import Foundation
import ParleyThreads
import ParleyThreadsTesting
import Synchronization
import Testing

@testable import ParleyServer

/// The check of every open event stream's sign-in at once, on both stores: of many streams over a
/// handful of credentials, exactly those whose session or key stopped signing in the same identity
/// end (a key revoked, a session signed out or idle too long, an admin demoted, a person
/// deactivated); the check is not a use; it costs the same store reads with 10 streams as with
/// 200; a store that cannot answer keeps streams open; the watch runs only while streams are
/// registered. Checks are run by the test (the watch's own interval is an hour), so nothing here
/// waits on time, except the lifecycle test, which waits on conditions.
@Suite struct SignInWatchTests {
    /// The people, keys and sessions of the tests, on a counting store with a test clock.
    struct Fixture {
        let store: CountingThreadStore
        let base: any ThreadStore
        let sessions: WebSessions
        let clock: TestClock
        let ana: Rep
        let ada: Rep
        let dana: Rep
        let rob: Rep
        let eve: Rep
        let kim: Rep
        let lee: Rep

        static func with(_ kind: StoreKind, _ body: (Fixture) async throws -> Void) async throws {
            try await withTestDatabase(kind) { database in
                let clock = TestClock()
                let base = try await database.threadStore(now: clock.now)
                let store = CountingThreadStore(base)
                try await body(
                    Fixture(
                        store: store, base: base, sessions: WebSessions(store: store, now: clock.now), clock: clock,
                        ana: try await store.createRep(name: "Ana", email: "ana@example.com", role: .admin),
                        ada: try await store.createRep(name: "Ada", email: "ada@example.com", role: .admin),
                        dana: try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep),
                        rob: try await store.createRep(name: "Rob", email: "rob@example.com", role: .rep),
                        eve: try await store.createRep(name: "Eve", email: "eve@example.com", role: .rep),
                        kim: try await store.createRep(name: "Kim", email: "kim@example.com", role: .rep),
                        lee: try await store.createRep(name: "Lee", email: "lee@example.com", role: .rep)))
            }
        }

        /// A watch that never checks by itself.
        func watch(interval: Duration = .seconds(3_600)) -> SignInWatch {
            SignInWatch(store: store, sessions: sessions, interval: interval)
        }

        /// A key issued in the app to a person (nil: the messaging core).
        func key(_ person: Rep?) async throws -> StoredAccessKey {
            try await store.createAccessKey(
                StoredAccessKey(
                    digest: UUID().uuidString.lowercased(), personID: person?.id, label: "test", hint: "abcd", createdAt: clock.date,
                    createdBy: "ana@example.com"))
        }

        /// A web panel session of a person.
        func session(_ person: Rep) async throws -> WebSessions.Session {
            let identity: Identity = person.role == .admin ? .admin(person.id) : .rep(person.id)
            return try await sessions.start(identity: identity, email: person.email, name: person.name)
        }
    }

    /// Open streams, each registered with the watch, each recording how often the watch ended it.
    final class Streams: Sendable {
        let watch: SignInWatch
        let credentials: [SignInWatch.Credential]
        let registrations: [SignInWatch.Registration]
        /// How many times each stream was ended.
        let endings: Endings

        final class Endings: Sendable {
            let counts: Mutex<[Int]>
            init(_ count: Int) { counts = Mutex(Array(repeating: 0, count: count)) }
            subscript(index: Int) -> Int { counts.withLock { $0[index] } }
        }

        /// `count` streams over `signIns`, taken in turn.
        init(_ count: Int, over signIns: [(SignInWatch.Credential, Identity)], watch: SignInWatch) {
            self.watch = watch
            let endings = Endings(count)
            self.endings = endings
            credentials = (0..<count).map { signIns[$0 % signIns.count].0 }
            registrations = (0..<count).map { index in
                let (credential, identity) = signIns[index % signIns.count]
                return watch.register(credential, identity: identity) { endings.counts.withLock { $0[index] += 1 } }
            }
        }

        /// The credentials of the streams that ended.
        var ended: Set<SignInWatch.Credential> {
            Set(registrations.indices.filter { registrations[$0].isEnded }.map { credentials[$0] })
        }

        /// Whether every stream of a credential ended (once), and every other stream is open.
        func endedExactly(_ expected: Set<SignInWatch.Credential>) -> Bool {
            registrations.indices.allSatisfy { index in
                let shouldEnd = expected.contains(credentials[index])
                let endings = self.endings[index]
                return registrations[index].isEnded == shouldEnd && endings == (shouldEnd ? 1 : 0)
            }
        }

        func cancel() { for registration in registrations { registration.cancel() } }
    }

    @Test(arguments: StoreKind.allCases) func ofManyStreamsExactlyThoseWhoseSignInStoppedEnd(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let robsFirst = try await fixture.key(fixture.rob)
            let robsSecond = try await fixture.key(fixture.rob)
            let danas = try await fixture.key(fixture.dana)
            let adas = try await fixture.key(fixture.ada)
            let kims = try await fixture.key(fixture.kim)
            let core = try await fixture.key(nil)
            let danaSession = try await fixture.session(fixture.dana)
            let adaSession = try await fixture.session(fixture.ada)
            let leeSession = try await fixture.session(fixture.lee)
            let started = fixture.clock.date
            let signIns: [(SignInWatch.Credential, Identity)] = [
                (.storeKey(robsFirst.id), .rep(fixture.rob.id)), (.storeKey(robsSecond.id), .rep(fixture.rob.id)),
                (.storeKey(danas.id), .rep(fixture.dana.id)), (.storeKey(adas.id), .admin(fixture.ada.id)),
                (.storeKey(kims.id), .rep(fixture.kim.id)), (.storeKey(core.id), .core),
                (.webSession(danaSession.id), .rep(fixture.dana.id)), (.webSession(adaSession.id), .admin(fixture.ada.id)),
                (.webSession(leeSession.id), .rep(fixture.lee.id)), (.person(fixture.eve.id), .rep(fixture.eve.id)),
                (.person(fixture.kim.id), .rep(fixture.kim.id)),
            ]
            let watch = fixture.watch()
            let streams = Streams(200, over: signIns, watch: watch)
            defer { streams.cancel() }
            #expect(watch.count == 200)

            // Everyone still signs in: nothing ends, and checking is not a use.
            fixture.clock.advance(by: 120)
            #expect(await watch.check() == 0)
            #expect(streams.endedExactly([]))
            #expect(try await fixture.base.webSession(digest: WebSessions.digest(leeSession.id))?.lastSeen == started)
            #expect(try await fixture.base.accessKey(id: robsSecond.id).lastUsedAt == nil)

            // One revoked key ends exactly its streams; the same person's other key goes on.
            _ = try await fixture.store.revokeAccessKey(id: robsFirst.id)
            #expect(await watch.check() == 200 / signIns.count + 1)
            var gone: Set<SignInWatch.Credential> = [.storeKey(robsFirst.id)]
            #expect(streams.endedExactly(gone), "\(streams.ended)")

            // A signed-out session ends its streams, not the same person's key's.
            try await fixture.sessions.end(id: danaSession.id)
            #expect(await watch.check() > 0)
            gone.insert(.webSession(danaSession.id))
            #expect(streams.endedExactly(gone), "\(streams.ended)")

            // A demoted admin's streams end, by session and by key: they saw every rep's conversations.
            _ = try await fixture.store.updateRep(id: fixture.ada.id, name: nil, role: .rep)
            #expect(await watch.check() > 0)
            gone.formUnion([.webSession(adaSession.id), .storeKey(adas.id)])
            #expect(streams.endedExactly(gone), "\(streams.ended)")

            // A deactivated person's streams end, by key and by a PARLEY_API_KEYS key.
            _ = try await fixture.store.deactivateRep(id: fixture.kim.id)
            #expect(await watch.check() > 0)
            gone.formUnion([.storeKey(kims.id), .person(fixture.kim.id)])
            #expect(streams.endedExactly(gone), "\(streams.ended)")

            // A session idle for the timeout ends (the check did not keep it alive); keys go on.
            #expect(await watch.check() == 0)
            fixture.clock.advance(by: fixture.sessions.idleTimeout - 120)
            #expect(await watch.check() > 0)
            gone.insert(.webSession(leeSession.id))
            #expect(streams.endedExactly(gone), "\(streams.ended)")
            #expect(streams.ended == gone)
            // The rest stay registered, and a check ends nothing more.
            #expect(watch.count == streams.registrations.indices.filter { !gone.contains(streams.credentials[$0]) }.count)
            #expect(await watch.check() == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func aCheckReadsTheStoreAsOftenWithTwoHundredStreamsAsWithTen(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            var signIns: [(SignInWatch.Credential, Identity)] = [
                (.webSession(try await fixture.session(fixture.dana).id), .rep(fixture.dana.id)),
                (.webSession(try await fixture.session(fixture.ana).id), .admin(fixture.ana.id)),
                (.storeKey(try await fixture.key(fixture.rob).id), .rep(fixture.rob.id)),
                (.storeKey(try await fixture.key(nil).id), .core),
                (.person(fixture.eve.id), .rep(fixture.eve.id)),
            ]
            let watch = fixture.watch()
            // No stream: no read.
            var before = fixture.store.signInReads.load(ordering: .relaxed)
            #expect(await watch.check() == 0)
            #expect(fixture.store.signInReads.load(ordering: .relaxed) == before)

            let few = Streams(10, over: signIns, watch: watch)
            before = fixture.store.signInReads.load(ordering: .relaxed)
            #expect(await watch.check() == 0)
            let readsWithTen = fixture.store.signInReads.load(ordering: .relaxed) - before
            #expect(readsWithTen == 3, "sessions, keys and people, one read each")
            few.cancel()

            // 200 streams over many more credentials: the same reads.
            for person in [fixture.dana, fixture.rob, fixture.eve, fixture.kim, fixture.lee] {
                for _ in 0..<6 { signIns.append((.storeKey(try await fixture.key(person).id), .rep(person.id))) }
                signIns.append((.webSession(try await fixture.session(person).id), .rep(person.id)))
            }
            let many = Streams(200, over: signIns, watch: watch)
            defer { many.cancel() }
            before = fixture.store.signInReads.load(ordering: .relaxed)
            #expect(await watch.check() == 0)
            #expect(fixture.store.signInReads.load(ordering: .relaxed) - before == readsWithTen)
            #expect(many.endedExactly([]))
        }
    }

    @Test(arguments: StoreKind.allCases) func aStoreThatCannotAnswerKeepsStreamsOpen(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let key = try await fixture.key(fixture.rob)
            let watch = fixture.watch()
            let streams = Streams(
                4, over: [(.storeKey(key.id), .rep(fixture.rob.id)), (.person(fixture.eve.id), .rep(fixture.eve.id))], watch: watch)
            defer { streams.cancel() }
            _ = try await fixture.store.revokeAccessKey(id: key.id)
            if let store = fixture.base as? SQLiteThreadStore { try store.database.close() }
            if let store = fixture.base as? PostgresThreadStore { await store.database.close() }
            #expect(await watch.check() == 0)
            #expect(streams.endedExactly([]))
            #expect(watch.count == 4)
        }
    }

    /// One key asked about alone follows the same rules, and asking is not a use either.
    @Test(arguments: StoreKind.allCases) func oneKeysCurrentIdentityIsNotAUse(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let keys = StoreKeys(store: fixture.store, now: fixture.clock.now)
            let adas = try await fixture.key(fixture.ada)
            let core = try await fixture.key(nil)
            fixture.clock.advance(by: 120)
            #expect(try await keys.currentIdentity(adas.id) == .admin(fixture.ada.id))
            #expect(try await keys.currentIdentity(core.id) == .core)
            #expect(try await fixture.store.accessKey(id: adas.id).lastUsedAt == nil)
            _ = try await fixture.store.updateRep(id: fixture.ada.id, name: nil, role: .rep)
            #expect(try await keys.currentIdentity(adas.id) == .rep(fixture.ada.id))
            _ = try await fixture.store.revokeAccessKey(id: core.id)
            #expect(try await keys.currentIdentity(core.id) == nil)
            #expect(try await keys.currentIdentity(UUID()) == nil)
            // A request's use is recorded, at most once a minute.
            let key = "pk_" + String(repeating: "a", count: 43)
            let presented = try await fixture.store.createAccessKey(
                StoredAccessKey(
                    digest: AccessKeyMaterial.digest(key), personID: fixture.dana.id, label: "laptop", hint: "aaaa",
                    createdAt: fixture.clock.date, createdBy: "ana@example.com"))
            #expect(try await keys.resolve(key)?.identity == .rep(fixture.dana.id))
            #expect(try await fixture.store.accessKey(id: presented.id).lastUsedAt == fixture.clock.date)
        }
    }

    /// The watch's own task: it starts with the first stream, checks every interval, and stops with
    /// the last stream, whether the stream closed or was ended.
    @Test func theWatchRunsOnlyWhileStreamsAreRegistered() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let key = try await fixture.key(fixture.rob)
            let watch = fixture.watch(interval: .milliseconds(20))
            #expect(!watch.isRunning)

            // Streams that close stop the watch.
            let closing = Streams(3, over: [(.person(fixture.eve.id), .rep(fixture.eve.id))], watch: watch)
            #expect(watch.isRunning)
            let before = fixture.store.signInReads.load(ordering: .relaxed)
            #expect(try await Self.wait { fixture.store.signInReads.load(ordering: .relaxed) >= before + 2 }, "it checks by itself")
            closing.cancel()
            #expect(!watch.isRunning)
            #expect(watch.count == 0)

            // A stream the watch ends stops it too.
            let ending = Streams(2, over: [(.storeKey(key.id), .rep(fixture.rob.id))], watch: watch)
            #expect(watch.isRunning)
            _ = try await fixture.store.revokeAccessKey(id: key.id)
            #expect(try await Self.wait { ending.endedExactly([.storeKey(key.id)]) })
            #expect(try await Self.wait { !watch.isRunning })
            #expect(watch.count == 0)
            ending.cancel()
        }
    }

    /// Waits for a condition, bounded only to turn a hang into a failure.
    static func wait(_ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}
