import Foundation
import ParleyHTTP
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// Two `parley serve` replicas on one PostgreSQL database, both running their job workers over the
/// real APy: a hundred inbound messages waiting for translation are each translated exactly once.
@Suite(.serialized) struct ServeReplicaJobsTests {
    static let things = ["aire", "horno", "calentador", "termostato", "ventilador", "filtro", "tubo", "motor", "compresor", "radiador"]
    static let states = ["no enfría", "hace ruido", "gotea agua", "huele raro", "está roto", "no prende", "vibra mucho", "está sucio", "no calienta", "se apaga"]

    @Test func twoReplicasTranslateEachOfAHundredPendingMessagesOnce() async throws {
        let apertium = try TranslateCommandTests.apertiumURL()
        try await withTestDatabase(.postgres) { database in
            let store = try await database.threadStore()
            let rep = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let number = try await store.assignNumber(try PhoneNumber(parsing: "+14105550100"), to: rep.id)

            let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))
            let replicas = try (0..<2).map { _ in try ServerProcess(database: database.serveArgument, apertium: apertium) }
            defer { for replica in replicas { replica.stop() } }
            for replica in replicas { try await replica.waitUntilHealthy(client: client) }

            // A hundred messages stored while both run, as the other replicas' webhooks would store them.
            var ids: [UUID] = []
            for index in 0..<100 {
                let contact = try await store.findOrCreateContact(phone: try PhoneNumber(parsing: "+5255" + String(format: "%08d", index)))
                let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
                let text = "Hola, mi \(Self.things[index / 10]) \(Self.states[index % 10]) desde ayer."
                ids.append(try await store.appendInbound(InboundMessageDraft(conversationID: conversation.id, text: text)).message.id)
            }

            // Bounded only to turn a hang into a failure.
            for _ in 0..<1_200 {
                if try await store.messagesPendingTranslation(limit: 1).isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await store.messagesPendingTranslation(limit: 200).isEmpty, "\(replicas.map(\.log))")
            // Each job is completed in its own transaction just after its translation is stored.
            for _ in 0..<1_200 {
                if try await store.jobs(state: .running, limit: 1).isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let events = try await store.events(after: 0, conversationIDs: nil, limit: 10_000)
            for id in ids {
                let message = try await store.message(id: id)
                #expect(message.translationStatus == .translated || message.translationStatus == .needsReview)
                #expect(message.shownText != message.original)
                // Translated once: one translation recorded, by one try of one job.
                #expect(events.filter { $0.messageID == id && $0.kind == .messageUpdated }.count == 1, "\(message.original)")
                let jobs = try await store.jobs(subjectID: id)
                #expect(jobs.map(\.state) == [.done])
                #expect(jobs.first?.attempts == 1)
            }
            for replica in replicas { replica.terminate() }
            for replica in replicas { #expect(try await replica.waitForExit() == 0, "\(replica.log)") }
        }
    }
}
