import Foundation
import ParleyGlossary
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// A rep flags a reply and proposes wording, an admin approves it, and the next preview in another
/// conversation, through another replica's ``Messaging`` over the same store, uses it; who may do
/// what; variables kept; two admins at once.
@Suite struct MemoryWorkflowTests {
    /// A replica's workflows: its own pipeline and memory index over the shared store.
    func replica(_ fixture: MessagingFixture, worker: String) throws -> Messaging {
        let store = fixture.store
        let glossaries = GlossaryLibrary(
            directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("glossaries"))
        let pipeline = TranslationPipeline(
            backend: fixture.backend, detector: try LanguageDetector(), glossary: try GlossarySet.load(industry: "hvac", from: glossaries),
            memory: StoreTranslationMemory(store: store, industry: "hvac"))
        return Messaging(
            store: store, pipeline: { pipeline }, sender: fixture.sender,
            configuration: .init(workerName: worker, industry: "hvac"), now: fixture.clock.now)
    }

    func spanishConversation(_ messaging: Messaging, _ fixture: MessagingFixture, from phone: String) async throws -> UUID {
        let hello = try await messaging.receive(fixture.sms("Hola, necesito una cita.", from: phone))
        _ = try await messaging.setLanguage("es", of: hello.contact.id, by: .rep(fixture.dana.id))
        return hello.message.conversationID
    }

    @Test(arguments: StoreKind.allCases) func anApprovedProposalServesTheNextPreviewOnAnotherReplica(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let first = try replica(fixture, worker: "replica-a")
            let second = try replica(fixture, worker: "replica-b")
            let dana = Identity.rep(fixture.dana.id)
            let conversation = try await spanishConversation(first, fixture, from: "+525512345678")
            let reply = Compose.text("Your technician will arrive at 3:00 PM.")
            let preview = try await first.preview(reply, in: conversation, by: dana)
            let sent = try await first.send(reply, in: conversation, by: dana, previewToken: preview.token, confirmed: true)

            // Another rep cannot flag it; Dana can, proposing her wording.
            let hidden = await #expect(throws: MessagingError.self) {
                try await first.flagTranslation(of: sent.message.id, proposal: "x", note: nil, by: .rep(fixture.leo.id))
            }
            #expect(hidden?.code == .notFound)
            let proposed = try await first.flagTranslation(
                of: sent.message.id, proposal: "Su técnico llegará a las 3:00 p. m.", note: "Not vuestro", by: dana)
            let entry = try #require(proposed.first)
            #expect(proposed.count == 1)
            #expect(entry.status == .proposed && entry.origin == .rep && entry.createdBy == "dana@example.com")
            #expect(entry.source == "Your technician will arrive at {time}.")
            #expect(entry.target == "Su técnico llegará a las {time}.")
            #expect(entry.machineTarget?.contains("{time}") == true)

            // Not used before an admin approves it; a rep cannot approve.
            let before = try await second.preview(.text("Your technician will arrive at 4:15 PM."), in: conversation, by: dana)
            #expect(!before.text.hasPrefix("Su técnico llegará a las"))
            let refused = await #expect(throws: MessagingError.self) {
                try await first.reviewMemoryEntry(entry.id, .approve, target: nil, note: nil, by: dana)
            }
            #expect(refused?.code == .forbidden)
            #expect(try await first.memoryEntries(status: .proposed, by: .admin(fixture.admin.id)).map(\.id) == [entry.id])

            let approved = try await first.reviewMemoryEntry(entry.id, .approve, target: nil, note: nil, by: .admin(fixture.admin.id))
            #expect(approved.status == .approved && approved.reviewedBy == "ada@example.com")

            // The other replica's next preview, in another conversation, uses it with a new time.
            let other = try await spanishConversation(second, fixture, from: "+525512340000")
            let calls = fixture.backend.calls
            let after = try await second.preview(.text("Your technician will arrive at 4:15 PM."), in: other, by: dana)
            #expect(after.text == "Su técnico llegará a las 4:15 p. m.")
            #expect(after.readyToSend)
            #expect(after.warnings.contains { $0.contains("approved wording") })
            // Only the back-translation asked the engine.
            #expect(fixture.backend.calls == calls + 1)

            let history = try await first.memoryEntry(entry.id, by: .admin(fixture.admin.id)).history
            #expect(history.map(\.action) == [.approved, .proposed])
            #expect(history.map(\.by) == ["ada@example.com", "dana@example.com"])
        }
    }

    @Test(arguments: StoreKind.allCases) func wordingMustKeepTheSentencesVariables(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try replica(fixture, worker: "replica-a")
            let admin = Identity.admin(fixture.admin.id)
            let added = try await messaging.addMemoryEntry(
                source: "The estimate is $350.", target: "La cotización es de $350.", language: "es", note: nil, by: admin)
            #expect(added.source == "The estimate is {amount}." && added.status == .approved)
            let broken = await #expect(throws: MessagingError.self) {
                try await messaging.reviewMemoryEntry(added.id, .save, target: "La cotización está lista.", note: nil, by: admin)
            }
            #expect(broken?.code == .invalidInput)
            #expect(broken?.message.contains("{amount}") == true)
            #expect(try await fixture.store.memoryEntry(id: added.id).target == "La cotización es de {amount}.")
            // Wording without the glossary's term would never be used: refused with the term to use.
            let offGlossary = await #expect(throws: MessagingError.self) {
                try await messaging.addMemoryEntry(
                    source: "Your technician is here.", target: "Su empleado está aquí.", language: "es", note: nil, by: admin)
            }
            #expect(offGlossary?.code == .invalidInput)
            #expect(offGlossary?.message.contains("técnico") == true)
        }
    }

    @Test(arguments: StoreKind.allCases) func twoAdminsReviewingOneEntryDoNotBothWin(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try replica(fixture, worker: "replica-a")
            let second = try await fixture.store.createRep(name: "Bo", email: "bo@example.com", role: .admin)
            let dana = Identity.rep(fixture.dana.id)
            let conversation = try await spanishConversation(messaging, fixture, from: "+525512345678")
            let reply = Compose.text("Thank you for your payment.")
            let preview = try await messaging.preview(reply, in: conversation, by: dana)
            let sent = try await messaging.send(reply, in: conversation, by: dana, previewToken: preview.token, confirmed: true)
            let entry = try #require(try await messaging.flagTranslation(
                of: sent.message.id, proposal: "Gracias por su pago.", note: nil, by: dana).first)

            func attempt(_ decision: MemoryDecision, by admin: UUID) async -> MessagingError? {
                do {
                    _ = try await messaging.reviewMemoryEntry(entry.id, decision, target: nil, note: nil, by: .admin(admin))
                    return nil
                } catch {
                    return error
                }
            }
            async let approve = attempt(.approve, by: fixture.admin.id)
            async let reject = attempt(.reject, by: second.id)
            let outcomes = await [approve, reject]
            let failures = outcomes.compactMap { $0 }
            // Both read it proposed: one decision stands, the other is told it was reviewed meanwhile
            // (or both pass when one finished before the other read it).
            #expect(failures.allSatisfy { $0.code == .conflict })
            let final = try await fixture.store.memoryEntry(id: entry.id)
            #expect(final.status == .approved || final.status == .rejected)
            let history = try await fixture.store.memoryHistory(entryID: entry.id, industry: "hvac", limit: 10)
            #expect(history.count == 3 - failures.count)
        }
    }

    @Test func aFlagNeedsWordingOrANote() async throws {
        try await MessagingFixture.with(.sqlite) { fixture in
            let messaging = try replica(fixture, worker: "replica-a")
            let dana = Identity.rep(fixture.dana.id)
            let conversation = try await spanishConversation(messaging, fixture, from: "+525512345678")
            let reply = Compose.text("Thank you for your payment.")
            let preview = try await messaging.preview(reply, in: conversation, by: dana)
            let sent = try await messaging.send(reply, in: conversation, by: dana, previewToken: preview.token, confirmed: true)
            // The engine's wording sent back as it is, without a note, says nothing.
            let empty = await #expect(throws: MessagingError.self) {
                try await messaging.flagTranslation(of: sent.message.id, proposal: sent.message.sentText, note: " ", by: dana)
            }
            #expect(empty?.code == .invalidInput)
            let asked = try await messaging.flagTranslation(of: sent.message.id, proposal: nil, note: "sounds odd", by: dana)
            #expect(asked.first?.target == "" && asked.first?.note == "sounds odd")
        }
    }
}
