import Foundation
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// The reads an open stream's sign-in check makes for every stream of a process at once, on both
/// stores: web sessions by digests, keys by identifiers (revoked ones included) and people by
/// identifiers (deactivated ones included), each in one call, unknown ones left out, however many
/// are asked for.
@Suite struct SignInBatchStoreTests {
    @Test(arguments: StoreKind.allCases) func sessionsKeysAndPeopleAreReadManyAtATime(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            _ = try await store.createRep(name: "Ana", email: "ana@example.com", role: .admin)
            let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let lee = try await store.createRep(name: "Lee", email: "lee@example.com", role: .admin)
            let kim = try await store.createRep(name: "Kim", email: "kim@example.com", role: .rep)
            let danas = try await store.createAccessKey(TeamStoreTests.key("laptop", person: dana.id, at: clock.date))
            let core = try await store.createAccessKey(TeamStoreTests.key("core", person: nil, at: clock.date))
            let kims = try await store.createAccessKey(TeamStoreTests.key("kim's", person: kim.id, at: clock.date))
            let danaSession = TeamStoreTests.session(dana.id, at: clock.date)
            let leeSession = TeamStoreTests.session(lee.id, at: clock.date)
            try await store.createWebSession(danaSession)
            try await store.createWebSession(leeSession)
            clock.advance(by: 60)
            let kimGone = try await store.deactivateRep(id: kim.id)
            let revokedKims = try await store.accessKey(id: kims.id)
            #expect(revokedKims.revokedAt == clock.date)

            // More unknown identifiers than one SQLite statement may bind.
            let unknownIDs = Set((0..<1_200).map { _ in UUID() })
            let unknownDigests = Set((0..<1_200).map { "unknown-\($0)" })

            let people = try await store.reps(ids: Set([dana.id, lee.id, kim.id]).union(unknownIDs))
            #expect(Set(people) == [dana, lee, kimGone])
            let keys = try await store.accessKeys(ids: Set([danas.id, core.id, kims.id]).union(unknownIDs))
            #expect(Set(keys) == [danas, core, revokedKims])
            let sessions = try await store.webSessions(digests: Set([danaSession.digest, leeSession.digest]).union(unknownDigests))
            #expect(Set(sessions.map(\.digest)) == [danaSession.digest, leeSession.digest])
            #expect(sessions.first { $0.digest == danaSession.digest } == danaSession)

            // Asking for nothing, or only for unknown ones, finds nothing.
            #expect(try await store.reps(ids: []).isEmpty)
            #expect(try await store.accessKeys(ids: []).isEmpty)
            #expect(try await store.webSessions(digests: []).isEmpty)
            #expect(try await store.reps(ids: unknownIDs).isEmpty)
            #expect(try await store.accessKeys(ids: unknownIDs).isEmpty)
            #expect(try await store.webSessions(digests: unknownDigests).isEmpty)

            // A session ended is gone from the next read.
            try await store.deleteWebSession(digest: danaSession.digest)
            #expect(try await store.webSessions(digests: [danaSession.digest, leeSession.digest]) == [leeSession])
        }
    }
}
