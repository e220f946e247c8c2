import Foundation
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// Consent is the contact's state, set from keywords on the raw inbound text, and every path that
/// sends refuses a contact who opted out, until they opt back in with their language's words.
@Suite struct ConsentTests {
    struct Case: Sendable, CustomStringConvertible {
        var optOut: String
        var optIn: String
        var language: String
        var description: String { "\(optOut)/\(optIn)" }
    }

    static let cases = [
        Case(optOut: "STOP", optIn: "START", language: "en"),
        Case(optOut: "ALTO", optIn: "INICIAR", language: "es"),
        Case(optOut: "Arrêt", optIn: "REPRENDRE", language: "fr"),
    ]

    @Test(arguments: StoreKind.allCases, cases) func anOptOutStopsEverySendUntilTheContactOptsBackIn(_ kind: StoreKind, _ words: Case) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let hello = try await messaging.receive(fixture.sms("Hola, ¿a qué hora viene el técnico?"))
            let conversationID = hello.message.conversationID
            // French as detected (the APy here cannot translate into it, so a rep could not pick it).
            _ = try await fixture.store.setPreferredLanguage(contactID: hello.contact.id, language: LanguageTag(words.language), source: .detected)
            let template = try await messaging.createTemplate(name: "Arrival", text: "Your technician arrives at {{time}}.", shared: nil, by: .rep(fixture.dana.id))
            // The APy here translates English to Spanish only: a French contact's reply cannot be previewed.
            let token = words.language == "fr"
                ? nil : try await messaging.preview(.text("Your technician is on the way."), in: conversationID, by: .rep(fixture.dana.id)).token
            #expect(token != nil || words.language == "fr")

            let stop = try await messaging.receive(fixture.sms(words.optOut))
            #expect(stop.consentChange?.state == .optedOut)
            let contact = try await fixture.store.contact(id: hello.contact.id)
            #expect(contact.consent?.state == .optedOut)
            #expect(contact.consent?.messageID == stop.message.id)
            #expect(ConsentRules.notice(for: contact)?.contains(words.optIn) == true)

            // Every path that sends: text, template, the approved preview, the core, an admin.
            let attempts: [(Compose, Identity, String?)] = [
                (.text("Are you still there?"), .rep(fixture.dana.id), nil),
                (.template(id: template.id, values: ["time": "9:00"]), .rep(fixture.dana.id), nil),
                (.text("Your technician is on the way."), .rep(fixture.dana.id), token),
                (.text("Hello from the core"), .core, nil),
                (.text("Hello from an admin"), .admin(fixture.admin.id), nil),
            ]
            for (compose, identity, token) in attempts {
                let error = await #expect(throws: MessagingError.self) {
                    try await messaging.send(compose, in: conversationID, by: identity, previewToken: token)
                }
                #expect(error?.code == .optedOut)
                #expect(error?.message.contains(words.optIn) == true)
            }
            #expect(fixture.sender.sent.isEmpty)
            let stored = try await fixture.store.messages(conversationID: conversationID, afterSequence: 0, limit: 50)
            #expect(!stored.contains { $0.direction == .outbound })

            // A repeat of the keyword changes nothing; the opt-in word of the contact's language does.
            let again = try await messaging.receive(fixture.sms(words.optOut))
            #expect(again.consentChange == nil)
            let start = try await messaging.receive(fixture.sms(words.optIn))
            #expect(start.consentChange?.state == .optedIn)
            #expect(try await fixture.store.contact(id: hello.contact.id).consent?.state == .optedIn)
            _ = try await messaging.setLanguage("es", of: hello.contact.id, by: .rep(fixture.dana.id))
            let sent = try await messaging.send(.text("Welcome back."), in: conversationID, by: .rep(fixture.dana.id))
            #expect(!sent.queued)
            #expect(sent.message.deliveryStatus == .sent)
            #expect(fixture.sender.sent.count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func anOptInWordFromAContactWhoNeverOptedOutChangesNothing(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let yes = try await messaging.receive(fixture.sms("YES"))
            #expect(yes.consentChange == nil)
            #expect(try await fixture.store.contact(id: yes.contact.id).consent == nil)
            // Not keyword replies: a sentence with "stop" in it, a pump that does not stop.
            for text in ["The leak won't stop", "la bomba no para", "please don't stop by tomorrow"] {
                let received = try await messaging.receive(fixture.sms(text))
                #expect(received.consentChange == nil, "\(text)")
            }
            #expect(try await fixture.store.contact(id: yes.contact.id).consent == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func aSendQueuedBeforeAnOptOutIsNotDeliveredAfterIt(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let hello = try await messaging.receive(fixture.sms("Hola"))
            _ = try await messaging.setLanguage("es", of: hello.contact.id, by: .admin(fixture.admin.id))
            fixture.sender.fail(with: [SendError("Twilio is down", isRetryable: true)])
            let queued = try await messaging.send(.text("See you tomorrow."), in: hello.message.conversationID, by: .rep(fixture.dana.id))
            #expect(queued.queued)
            _ = try await messaging.receive(fixture.sms("BAJA"))
            fixture.clock.advance(by: 10)
            await messaging.drainJobs()
            #expect(fixture.sender.sent.isEmpty)
            let message = try await fixture.store.message(id: queued.message.id)
            #expect(message.deliveryStatus == .failed)
            let job = try #require(try await fixture.store.jobs(subjectID: message.id).first)
            #expect(job.state == .failed)
            #expect(job.lastError?.contains("stop messages") == true)
        }
    }
}
