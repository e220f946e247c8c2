import Foundation
import ParleyLanguage
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// The team in the store, on both stores: people deactivated and reactivated with their keys and
/// web sessions ended in the same transaction, roles with someone always an active admin, keys
/// kept as digests (issued, looked up, listed, revoked, rotated, even when two replicas race), and
/// business numbers added and reassigned with their conversations.
@Suite struct TeamStoreTests {
    static func key(_ name: String, person: UUID?, at date: Date) -> StoredAccessKey {
        StoredAccessKey(
            digest: String(repeating: "0", count: 32) + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
            personID: person, label: name, hint: String(name.suffix(4)), createdAt: date, createdBy: "ana@example.com")
    }

    static func session(_ person: UUID, at date: Date) -> WebSessionRecord {
        WebSessionRecord(digest: "s-" + UUID().uuidString, personID: person, csrfToken: "t", createdAt: date, lastSeen: date)
    }

    @Test(arguments: StoreKind.allCases) func deactivatingRevokesKeysAndEndsSessionsAtOnce(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let ana = try await store.createRep(name: "Ana", email: "ana@example.com", role: .admin)
            let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let lee = try await store.createRep(name: "Lee", email: "lee@example.com", role: .rep)
            let first = try await store.createAccessKey(Self.key("laptop", person: dana.id, at: clock.date))
            let second = try await store.createAccessKey(Self.key("phone", person: dana.id, at: clock.date))
            let lees = try await store.createAccessKey(Self.key("lee's", person: lee.id, at: clock.date))
            let danaSession = Self.session(dana.id, at: clock.date)
            let leeSession = Self.session(lee.id, at: clock.date)
            try await store.createWebSession(danaSession)
            try await store.createWebSession(leeSession)

            // Numbers pin a person: reassign them first.
            let numbers = [
                try await store.addBusinessNumber(PhoneNumber(parsing: "+1 410 555 0100"), repID: dana.id),
                try await store.addBusinessNumber(PhoneNumber(parsing: "+1 410 555 0101"), repID: dana.id),
            ]
            let held = await #expect(throws: ThreadStoreError.self) { try await store.deactivateRep(id: dana.id) }
            #expect(held?.code == .conflict)
            #expect(held?.message.contains("Reassign Dana's 2 numbers first") == true, "\(held?.message ?? "")")
            #expect(try await store.rep(id: dana.id).isActive)
            #expect(try await store.activeAccessKey(digest: first.digest) == first)
            for number in numbers { _ = try await store.reassignBusinessNumber(id: number.id, to: lee.id) }

            clock.advance(by: 60)
            let deactivated = try await store.deactivateRep(id: dana.id)
            #expect(deactivated.deactivatedAt == clock.date)
            #expect(!deactivated.isActive)
            #expect(try await store.rep(id: dana.id) == deactivated)
            #expect(try await store.activeAccessKey(digest: first.digest) == nil)
            #expect(try await store.activeAccessKey(digest: second.digest) == nil)
            #expect(try await store.accessKeys(personID: dana.id).allSatisfy { $0.revokedAt == clock.date })
            #expect(try await store.webSession(digest: danaSession.digest) == nil)
            // Nobody else's.
            #expect(try await store.activeAccessKey(digest: lees.digest) == lees)
            #expect(try await store.webSession(digest: leeSession.digest) == leeSession)
            // Again: nothing changes.
            clock.advance(by: 60)
            #expect(try await store.deactivateRep(id: dana.id) == deactivated)

            // No new key, no number, for a deactivated person.
            let refusedKey = await #expect(throws: ThreadStoreError.self) {
                try await store.createAccessKey(Self.key("new", person: dana.id, at: clock.date))
            }
            #expect(refusedKey?.code == .conflict)
            let refusedNumber = await #expect(throws: ThreadStoreError.self) {
                try await store.addBusinessNumber(PhoneNumber(parsing: "+1 410 555 0102"), repID: dana.id)
            }
            #expect(refusedNumber?.code == .conflict)

            let back = try await store.reactivateRep(id: dana.id)
            #expect(back.isActive)
            // Old keys stay revoked; a new one works.
            #expect(try await store.activeAccessKey(digest: first.digest) == nil)
            let fresh = try await store.createAccessKey(Self.key("fresh", person: dana.id, at: clock.date))
            #expect(try await store.activeAccessKey(digest: fresh.digest) == fresh)
            #expect(try await store.reps().map(\.name) == ["Ana", "Dana", "Lee"])
            _ = ana
        }
    }

    @Test(arguments: StoreKind.allCases) func someoneStaysAnActiveAdmin(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let ana = try await store.createRep(name: "Ana", email: "ana@example.com", role: .admin)
            let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let demoted = await #expect(throws: ThreadStoreError.self) { try await store.updateRep(id: ana.id, name: nil, role: .rep) }
            #expect(demoted?.code == .conflict)
            #expect(demoted?.message.contains("Ana is the last active admin") == true)
            let gone = await #expect(throws: ThreadStoreError.self) { try await store.deactivateRep(id: ana.id) }
            #expect(gone?.code == .conflict)

            let promoted = try await store.updateRep(id: dana.id, name: " Dana Reyes ", role: .admin)
            #expect(promoted.role == .admin)
            #expect(promoted.name == "Dana Reyes")
            #expect(try await store.rep(id: dana.id) == promoted)
            let empty = await #expect(throws: ThreadStoreError.self) { try await store.updateRep(id: dana.id, name: "  ", role: nil) }
            #expect(empty?.code == .invalidInput)

            // Two admins demoting each other at once: one stays an admin.
            async let first = try? await store.updateRep(id: ana.id, name: nil, role: .rep)
            async let second = try? await store.updateRep(id: dana.id, name: nil, role: .rep)
            let results = await [first, second]
            #expect(results.compactMap { $0 }.count == 1)
            #expect(try await store.reps().filter { $0.role == .admin && $0.isActive }.count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func keysAreDigestsListedRevokedAndRotated(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let lee = try await store.createRep(name: "Lee", email: "lee@example.com", role: .rep)
            let older = try await store.createAccessKey(Self.key("laptop", person: dana.id, at: clock.date))
            clock.advance(by: 1)
            let newer = try await store.createAccessKey(Self.key("  ", person: dana.id, at: clock.date))
            #expect(newer.label == "Key")
            let core = try await store.createAccessKey(Self.key("core", person: nil, at: clock.date))
            #expect(try await store.accessKeys(personID: dana.id) == [newer, older])
            #expect(try await store.accessKeys(personID: nil) == [core])
            #expect(try await store.accessKeys(personID: lee.id) == [])
            #expect(try await store.accessKey(id: core.id) == core)
            let taken = await #expect(throws: ThreadStoreError.self) {
                var copy = Self.key("copy", person: lee.id, at: clock.date)
                copy.digest = older.digest
                return try await store.createAccessKey(copy)
            }
            #expect(taken?.code == .conflict)
            let nobody = await #expect(throws: ThreadStoreError.self) {
                try await store.createAccessKey(Self.key("ghost", person: UUID(), at: clock.date))
            }
            #expect(nobody?.code == .notFound)
            let missing = await #expect(throws: ThreadStoreError.self) { try await store.revokeAccessKey(id: UUID()) }
            #expect(missing?.code == .notFound)

            // Use is recorded.
            try await store.touchAccessKey(id: older.id, at: clock.date)
            #expect(try await store.accessKey(id: older.id).lastUsedAt == clock.date)

            // Revoking ends the person's sessions (only theirs) in the same transaction.
            let danaSession = Self.session(dana.id, at: clock.date)
            let leeSession = Self.session(lee.id, at: clock.date)
            try await store.createWebSession(danaSession)
            try await store.createWebSession(leeSession)
            clock.advance(by: 5)
            let revoked = try await store.revokeAccessKey(id: older.id)
            #expect(revoked.revokedAt == clock.date)
            #expect(!revoked.isActive)
            #expect(try await store.activeAccessKey(digest: older.digest) == nil)
            #expect(try await store.webSession(digest: danaSession.digest) == nil)
            #expect(try await store.webSession(digest: leeSession.digest) == leeSession)
            clock.advance(by: 5)
            #expect(try await store.revokeAccessKey(id: older.id) == revoked)
            let stale = await #expect(throws: ThreadStoreError.self) {
                try await store.rotateAccessKey(id: older.id, replacement: Self.key("again", person: nil, at: clock.date))
            }
            #expect(stale?.code == .conflict)

            // Rotating: the old key stops, the new one (same person, whatever the replacement said) works.
            let session = Self.session(dana.id, at: clock.date)
            try await store.createWebSession(session)
            let replacement = try await store.rotateAccessKey(id: newer.id, replacement: Self.key("rotated", person: lee.id, at: clock.date))
            #expect(replacement.personID == dana.id)
            #expect(try await store.activeAccessKey(digest: newer.digest) == nil)
            #expect(try await store.activeAccessKey(digest: replacement.digest) == replacement)
            #expect(try await store.webSession(digest: session.digest) == nil)
            #expect(try await store.accessKeys(personID: dana.id).filter(\.isActive) == [replacement])
        }
    }

    @Test(arguments: StoreKind.allCases) func twoReplicasRevokingOrRotatingOneKeyAtOnce(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock()
            let one = try await database.threadStore(now: clock.now)
            let two = try await database.threadStore(now: clock.now)
            let dana = try await one.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            for _ in 0..<5 {
                let key = try await one.createAccessKey(Self.key("k", person: dana.id, at: clock.date))
                async let a = one.rotateAccessKey(id: key.id, replacement: Self.key("a", person: dana.id, at: clock.date))
                async let b = two.rotateAccessKey(id: key.id, replacement: Self.key("b", person: dana.id, at: clock.date))
                var outcomes: [Result<StoredAccessKey, ThreadStoreError>] = []
                do { outcomes.append(.success(try await a)) } catch { outcomes.append(.failure(error as! ThreadStoreError)) }
                do { outcomes.append(.success(try await b)) } catch { outcomes.append(.failure(error as! ThreadStoreError)) }
                let won = outcomes.compactMap { try? $0.get() }
                #expect(won.count == 1, "\(outcomes)")
                #expect(outcomes.contains { if case .failure(let error) = $0 { error.code == .conflict } else { false } })
                let active = try await one.accessKeys(personID: dana.id).filter(\.isActive)
                #expect(active.map(\.id) == won.map(\.id))
                _ = try await one.revokeAccessKey(id: won[0].id)

                let other = try await one.createAccessKey(Self.key("r", person: dana.id, at: clock.date))
                async let x = one.revokeAccessKey(id: other.id)
                async let y = two.revokeAccessKey(id: other.id)
                let (first, second) = try await (x, y)
                #expect(first.revokedAt != nil && second.revokedAt != nil)
                #expect(try await two.activeAccessKey(digest: other.digest) == nil)
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func numbersAreAddedOnceAndReassignedWithTheirConversations(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock()
            let store = try await database.threadStore(now: clock.now)
            let reader = try await database.threadStore(now: clock.now)
            let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let lee = try await store.createRep(name: "Lee", email: "lee@example.com", role: .rep)
            let number = try await store.addBusinessNumber(PhoneNumber(parsing: "(410) 555-0100"), repID: dana.id)
            #expect(number.phone.e164 == "+14105550100")
            #expect(number.repID == dana.id)
            let again = await #expect(throws: ThreadStoreError.self) {
                try await store.addBusinessNumber(PhoneNumber(parsing: "+1 410 555 0100"), repID: lee.id)
            }
            #expect(again?.code == .conflict)
            #expect(again?.message.contains("+14105550100 is already a business number (Dana's)") == true, "\(again?.message ?? "")")
            let noRep = await #expect(throws: ThreadStoreError.self) {
                try await store.addBusinessNumber(PhoneNumber(parsing: "+1 410 555 0109"), repID: UUID())
            }
            #expect(noRep?.code == .notFound)

            let contact = try await store.createContact(
                phone: PhoneNumber(parsing: "+52 55 1234 5678"), name: "José", preferredLanguage: LanguageTag("es"), languageSource: .detected)
            let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
            #expect(try await store.conversations(repID: dana.id, limit: 10, before: nil).map(\.conversation.id) == [conversation.id])

            // A reader racing the reassignment sees the conversation on one side, never an error.
            async let moved = store.reassignBusinessNumber(id: number.id, to: lee.id)
            var seen: [UUID] = []
            for _ in 0..<20 {
                let holder = try await reader.businessNumber(id: number.id).repID
                #expect(holder == dana.id || holder == lee.id)
                seen.append(holder)
                let danas = try await reader.conversations(repID: dana.id, limit: 10, before: nil).count
                #expect(danas <= 1)
            }
            let reassigned = try await moved
            #expect(reassigned.repID == lee.id)
            #expect(reassigned.id == number.id && reassigned.phone == number.phone)
            #expect(try await reader.conversations(repID: lee.id, limit: 10, before: nil).map(\.conversation.id) == [conversation.id])
            #expect(try await reader.conversations(repID: dana.id, limit: 10, before: nil).isEmpty)
            #expect(try await reader.businessNumbers(repID: lee.id) == [reassigned])

            let missing = await #expect(throws: ThreadStoreError.self) { try await store.reassignBusinessNumber(id: UUID(), to: lee.id) }
            #expect(missing?.code == .notFound)
            _ = try await store.reassignBusinessNumber(id: number.id, to: dana.id)
            _ = try await store.reassignBusinessNumber(id: number.id, to: lee.id)
            _ = try await store.deactivateRep(id: dana.id)
            let inactive = await #expect(throws: ThreadStoreError.self) { try await store.reassignBusinessNumber(id: number.id, to: dana.id) }
            #expect(inactive?.code == .conflict)
            _ = seen
        }
    }
}
