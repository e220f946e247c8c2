import Foundation
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// The team's workflows and rules, on both stores: admins only; invitations with a valid, unique
/// email and a first key shown once (stored as its digest); someone stays an active admin; a
/// person who holds numbers is not deactivated; numbers are E.164 and added once; keys resolve to
/// their person until revoked, rotated or their person deactivated; the operator's first admin.
@Suite struct TeamWorkflowTests {
    @Test(arguments: StoreKind.allCases) func onlyAdminsManageTheTeam(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            for identity: Identity in [.rep(fixture.dana.id), .core] {
                let invite = await #expect(throws: MessagingError.self) {
                    try await messaging.invite(name: "Eve", email: "eve@example.com", role: .admin, by: identity)
                }
                #expect(invite?.code == .forbidden)
                #expect(invite?.message.contains("Only an admin") == true)
                let list = await #expect(throws: MessagingError.self) { try await messaging.team(by: identity) }
                #expect(list?.code == .forbidden)
                let number = await #expect(throws: MessagingError.self) {
                    try await messaging.addNumber("+1 410 555 0177", repID: fixture.dana.id, by: identity)
                }
                #expect(number?.code == .forbidden)
                let core = await #expect(throws: MessagingError.self) { try await messaging.issueCoreKey(label: "x", by: identity) }
                #expect(core?.code == .forbidden)
                let role = await #expect(throws: MessagingError.self) {
                    try await messaging.updatePerson(fixture.dana.id, PersonChange(role: .admin), by: identity)
                }
                #expect(role?.code == .forbidden)
            }
            #expect(try await fixture.store.rep(email: "eve@example.com") == nil)
            #expect(try await fixture.store.rep(id: fixture.dana.id).role == .rep)
            #expect(try await fixture.store.accessKeys(personID: nil).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func anInvitedPersonGetsAKeyShownOnceThatSignsThemIn(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let admin = Identity.admin(fixture.admin.id)
            let invited = try await messaging.invite(name: " Eve Park ", email: " Eve@Example.com ", role: .rep, by: admin)
            #expect(invited.person.name == "Eve Park")
            #expect(invited.person.email == "eve@example.com")
            #expect(invited.key.key.hasPrefix("pk_"))
            #expect(invited.key.key.count == 46)
            #expect(invited.key.record.hint == String(invited.key.key.suffix(4)))
            #expect(invited.key.record.createdBy == "ada@example.com")
            // The store keeps the digest, never the key.
            let stored = try await fixture.store.accessKeys(personID: invited.person.id)
            #expect(stored == [invited.key.record])
            #expect(stored[0].digest == AccessKeyMaterial.digest(invited.key.key))
            #expect(stored[0].digest != invited.key.key && !stored[0].digest.contains(invited.key.key))

            let keys = StoreKeys(store: fixture.store, now: fixture.clock.now)
            let resolved = try #require(try await keys.resolve(invited.key.key))
            #expect(resolved.identity == .rep(invited.person.id))
            #expect(try await keys.resolve("pk_" + String(invited.key.key.dropFirst(3).reversed())) == nil)
            #expect(try await keys.resolve(String(invited.key.key.dropFirst(3))) == nil)

            // The same email in any case, a bad email, no name: refused, nothing added.
            for (name, email, code) in [
                ("Eve Again", "EVE@example.COM", MessagingError.Code.conflict), ("Bo", "bo@", .invalidInput), ("Bo", "bo example.com", .invalidInput),
                ("Bo", "bo@example", .invalidInput), ("  ", "bo@example.com", .invalidInput),
                ("Bo", "b\u{01}o@example.com", .invalidInput), ("Bo", "bo@exa\u{7F}mple.com", .invalidInput),
            ] {
                let refused = await #expect(throws: MessagingError.self) { try await messaging.invite(name: name, email: email, role: .rep, by: admin) }
                #expect(refused?.code == code, "\(email)")
                #expect(refused?.message.isEmpty == false)
            }
            #expect(try await fixture.store.reps().count == 4)

            // Rotated: the old key stops at once, the new one works; revoked: it stops too.
            let rotated = try await messaging.rotateKey(invited.key.record.id, by: admin)
            #expect(try await keys.resolve(invited.key.key) == nil)
            #expect(try await keys.resolve(rotated.key)?.identity == .rep(invited.person.id))
            let twice = await #expect(throws: MessagingError.self) { try await messaging.rotateKey(invited.key.record.id, by: admin) }
            #expect(twice?.code == .conflict)
            _ = try await messaging.revokeKey(rotated.record.id, by: admin)
            #expect(try await keys.resolve(rotated.key) == nil)

            // A core key signs in the messaging core.
            let core = try await messaging.issueCoreKey(label: "Production", by: admin)
            #expect(try await keys.resolve(core.key)?.identity == .core)
            #expect(try await messaging.coreKeys(by: admin).map(\.id) == [core.record.id])

            // A deactivated person's keys resolve to nothing.
            let another = try await messaging.issueKey(for: invited.person.id, label: "Phone", by: admin)
            #expect(try await keys.resolve(another.key) != nil)
            _ = try await messaging.updatePerson(invited.person.id, PersonChange(active: false), by: admin)
            #expect(try await keys.resolve(another.key) == nil)
            let noKey = await #expect(throws: MessagingError.self) {
                try await messaging.issueKey(for: invited.person.id, label: "Again", by: admin)
            }
            #expect(noKey?.code == .conflict)
        }
    }

    @Test(arguments: StoreKind.allCases) func theLastAdminAndAPersonWithNumbersStay(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let admin = Identity.admin(fixture.admin.id)
            let demote = await #expect(throws: MessagingError.self) {
                try await messaging.updatePerson(fixture.admin.id, PersonChange(role: .rep), by: admin)
            }
            #expect(demote?.code == .conflict)
            #expect(demote?.message.contains("last active admin") == true)
            let leave = await #expect(throws: MessagingError.self) {
                try await messaging.updatePerson(fixture.admin.id, PersonChange(active: false), by: admin)
            }
            #expect(leave?.code == .conflict)
            #expect(try await fixture.store.rep(id: fixture.admin.id).isActive)

            _ = try await messaging.addNumber("+1 410 555 0142", repID: fixture.dana.id, by: admin)
            let held = await #expect(throws: MessagingError.self) {
                try await messaging.updatePerson(fixture.dana.id, PersonChange(active: false), by: admin)
            }
            #expect(held?.code == .conflict)
            #expect(held?.message.contains("Reassign Dana's 2 numbers first") == true, "\(held?.message ?? "")")
            for number in try await messaging.member(fixture.dana.id, by: admin).numbers {
                let moved = try await messaging.reassignNumber(number.id, to: fixture.leo.id, by: admin)
                #expect(moved.rep.id == fixture.leo.id)
            }
            let gone = try await messaging.updatePerson(fixture.dana.id, PersonChange(active: false), by: admin)
            #expect(!gone.isActive)
            // The status goes on its own: a change that also renames is refused whole, nothing applied.
            let mixed = await #expect(throws: MessagingError.self) {
                try await messaging.updatePerson(fixture.dana.id, PersonChange(name: "Dana Reyes", role: .admin, active: true), by: admin)
            }
            #expect(mixed?.code == .invalidInput)
            #expect(try await messaging.member(fixture.dana.id, by: admin).person.isActive == false)
            _ = try await messaging.updatePerson(fixture.dana.id, PersonChange(active: true), by: admin)
            let back = try await messaging.updatePerson(fixture.dana.id, PersonChange(name: "Dana Reyes", role: .admin), by: admin)
            #expect(back.isActive && back.role == .admin && back.name == "Dana Reyes")
            // Now Ada may step down: Dana is an admin.
            #expect(try await messaging.updatePerson(fixture.admin.id, PersonChange(role: .rep), by: admin).role == .rep)
        }
    }

    @Test(arguments: StoreKind.allCases) func numbersAreE164AndAddedOnce(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let admin = Identity.admin(fixture.admin.id)
            for text in ["410 555", "call me", ""] {
                let bad = await #expect(throws: MessagingError.self) { try await messaging.addNumber(text, repID: fixture.dana.id, by: admin) }
                #expect(bad?.code == .invalidInput, "\(text)")
                #expect(bad?.message.contains("'\(text)'") == true, "\(bad?.message ?? "")")
            }
            let duplicate = await #expect(throws: MessagingError.self) {
                try await messaging.addNumber("(410) 555-0100", repID: fixture.leo.id, by: admin)
            }
            #expect(duplicate?.code == .conflict)
            #expect(duplicate?.message.contains("Dana") == true)
            let nobody = await #expect(throws: MessagingError.self) { try await messaging.addNumber("+1 410 555 0150", repID: UUID(), by: admin) }
            #expect(nobody?.code == .notFound)
            let added = try await messaging.addNumber("+1 (410) 555-0150", repID: fixture.leo.id, by: admin)
            #expect(added.number.phone.e164 == "+14105550150")
            #expect(added.rep.id == fixture.leo.id)
            let all = try await messaging.allNumbers(by: admin)
            #expect(all.map(\.number.phone.e164) == ["+14105550100", "+14105550150", "+14105550199"])
            #expect(all.map(\.rep.name) == ["Dana", "Leo", "Leo"])
        }
    }

    @Test(arguments: StoreKind.allCases) func theOperatorCreatesTheFirstAdminOrANewKey(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.threadStore()
            let operator_ = TeamOperator(store: store)
            let first = try await operator_.createAdmin(email: "Ana@Example.com", name: "Ana Ortiz")
            #expect(first.person.role == .admin && first.person.email == "ana@example.com")
            #expect(first.key.record.createdBy == "operator")
            let again = try await operator_.createAdmin(email: "ana@example.com", name: "ignored")
            #expect(again.person.id == first.person.id)
            #expect(again.key.key != first.key.key)
            let keys = StoreKeys(store: store)
            #expect(try await keys.resolve(first.key.key)?.identity == .admin(first.person.id))
            #expect(try await keys.resolve(again.key.key)?.identity == .admin(first.person.id))
            _ = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let rep = await #expect(throws: MessagingError.self) { try await operator_.createAdmin(email: "dana@example.com", name: "Dana") }
            #expect(rep?.code == .invalidInput)
            let noName = await #expect(throws: MessagingError.self) { try await operator_.createAdmin(email: "new@example.com", name: "") }
            #expect(noName?.code == .invalidInput)
            #expect(try await operator_.team().map(\.person.name) == ["Ana Ortiz", "Dana"])
        }
    }
}
