import Foundation
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// Inbound SMS are stored at once and translated by jobs, once, whatever the number of workers.
@Suite struct JobTests {
    @Test(arguments: StoreKind.allCases) func anInboundSMSIsStoredWithoutTheBackendAndTranslatedByItsJob(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            fixture.backend.setDown(true)
            let received = try await messaging.receive(fixture.sms("Mi aire acondicionado no enfría, ¿pueden venir mañana?", sid: "SMjob1"))
            #expect(received.inserted)
            #expect(received.message.translationStatus == .pending)
            #expect(fixture.backend.calls == 0)
            // A repeat of the webhook stores nothing new and adds no job.
            let repeated = try await messaging.receive(fixture.sms("Mi aire acondicionado no enfría, ¿pueden venir mañana?", sid: "SMjob1"))
            #expect(!repeated.inserted)
            #expect(try await fixture.store.jobs(subjectID: received.message.id).count == 1)

            // The backend is down: the message stays pending, with the error shown, and its job waits.
            #expect(await messaging.drainJobs() == 1)
            let pending = try await fixture.store.message(id: received.message.id)
            #expect(pending.translationStatus == .pending)
            #expect(pending.translationError?.contains("pending") == true)
            let waiting = try #require(try await fixture.store.jobs(subjectID: received.message.id).first)
            #expect(waiting.state == .queued)
            #expect(waiting.runAfter > fixture.clock.now())

            fixture.backend.setDown(false)
            fixture.clock.advance(by: 5)
            #expect(await messaging.drainJobs() == 1)
            let translated = try await fixture.store.message(id: received.message.id)
            #expect(translated.translationStatus == .translated || translated.translationStatus == .needsReview)
            #expect(translated.shownText != translated.original)
            #expect(translated.shownText.lowercased().contains("cool"))
            #expect(try await fixture.store.contact(id: received.contact.id).preferredLanguage?.language == "es")
            #expect(try await fixture.store.jobs(subjectID: received.message.id).map(\.state) == [.done])
        }
    }

    @Test(arguments: StoreKind.allCases) func twoWorkersTranslateEachOfAHundredPendingMessagesOnce(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let first = try fixture.messaging(worker: "replica-a")
            let second = try fixture.messaging(store: try await fixture.database.threadStore(now: fixture.clock.now), worker: "replica-b")
            // A hundred different sentences, without digits (the pipeline masks numbers).
            let things = ["aire", "horno", "calentador", "termostato", "ventilador", "filtro", "tubo", "motor", "compresor", "radiador"]
            let states = ["no enfría", "hace ruido", "gotea agua", "huele raro", "está roto", "no prende", "vibra mucho", "está sucio", "no calienta", "se apaga"]
            var ids: [UUID] = []
            for index in 0..<100 {
                let text = "Mensaje: mi \(things[index / 10]) \(states[index % 10]) hoy"
                let received = try await first.receive(fixture.sms(text, from: "+5255\(String(format: "%08d", index))"))
                ids.append(received.message.id)
            }
            #expect(fixture.backend.calls == 0)
            async let a = first.drainJobs()
            async let b = second.drainJobs()
            let (ranA, ranB) = await (a, b)
            #expect(ranA + ranB == 100)
            for (text, count) in fixture.backend.perText where text.contains("Mensaje") {
                #expect(count == 1, "\(text) was translated \(count) times")
            }
            #expect(fixture.backend.perText.keys.filter { $0.contains("Mensaje") }.count == 100)
            for id in ids {
                let message = try await fixture.store.message(id: id)
                #expect(message.translationStatus != .pending)
                let jobs = try await fixture.store.jobs(subjectID: id)
                #expect(jobs.map(\.state) == [.done])
                #expect(jobs.first?.attempts == 1)
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func aLeadsTurnsAreTranslatedByJobsAndItsLanguageLearnedAtOnce(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let turns = [
                LeadTurn(speaker: .bot, text: "Hi! What can we help you with?", at: fixture.clock.now()),
                LeadTurn(speaker: .contact, text: "Mi calefacción no funciona y hace mucho frío en la casa.", at: fixture.clock.now()),
            ]
            let imported = try await messaging.importLead(
                LeadImport(number: MessagingFixture.danaNumber, phone: try PhoneNumber(parsing: "+525500001111"), name: "Rosa", source: "otto", transcript: turns),
                by: .core)
            #expect(imported.language == "es")
            let before = try await fixture.store.messages(conversationID: imported.conversationID, afterSequence: 0, limit: 10)
            #expect(before.map(\.direction) == [.outbound, .inbound])
            #expect(before[1].translationStatus == .pending)
            #expect(await messaging.drainJobs() == 1)
            let after = try await fixture.store.message(id: before[1].id)
            #expect(after.translationStatus != .pending)
            #expect(after.shownText != turns[1].text)
            let refused = await #expect(throws: MessagingError.self) {
                try await messaging.importLead(
                    LeadImport(number: MessagingFixture.danaNumber, phone: try PhoneNumber(parsing: "+525500001112"), name: nil, source: "otto", transcript: turns),
                    by: .rep(fixture.dana.id))
            }
            #expect(refused?.code == .forbidden)
        }
    }
}
