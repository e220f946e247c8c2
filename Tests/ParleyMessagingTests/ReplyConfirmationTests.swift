import Foundation
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Synchronization
import Testing

/// A reply whose translation raises doubts goes only once the rep confirms it; the contact's
/// register reaches the backend and the preview; a bot's turns read in English.
@Suite struct ReplyConfirmationTests {
    @Test(arguments: StoreKind.allCases) func aDoubtfulReplyIsSentOnlyWithTheRepsConfirmation(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let hello = try await messaging.receive(fixture.sms("Hola, mi calefacción hace un ruido raro."))
            let conversationID = hello.message.conversationID
            let dana = Identity.rep(fixture.dana.id)
            _ = try await messaging.setLanguage("es", of: hello.contact.id, by: dana)
            // APy does not know "furnace": it comes back as written.
            let reply = Compose.text("We will inspect the furnace tomorrow.")
            let preview = try await messaging.preview(reply, in: conversationID, by: dana)
            #expect(!preview.readyToSend)
            #expect(preview.needsConfirmation)
            #expect(preview.doubts.contains { $0.contains("furnace") })
            let token = try #require(preview.token)

            for previewToken in [token, nil] {
                let refused = await #expect(throws: MessagingError.self) {
                    try await messaging.send(reply, in: conversationID, by: dana, previewToken: previewToken)
                }
                #expect(refused?.code == .unconfirmed)
                #expect(refused?.message.contains("furnace") == true)
            }
            #expect(fixture.sender.sent.isEmpty)
            #expect(try await fixture.store.messages(conversationID: conversationID, afterSequence: 0, limit: 10).count == 1)

            // Confirming doubts nobody was shown (no preview) is refused too.
            let unseen = await #expect(throws: MessagingError.self) {
                try await messaging.send(reply, in: conversationID, by: dana, confirmed: true)
            }
            #expect(unseen?.code == .unconfirmed)
            #expect(unseen?.message.contains("preview the message") == true)
            #expect(fixture.sender.sent.isEmpty)

            let sent = try await messaging.send(reply, in: conversationID, by: dana, previewToken: token, confirmed: true)
            #expect(sent.message.sentText == preview.text)
            #expect(fixture.sender.sent.map(\.body) == [preview.text])
        }
    }

    @Test(arguments: StoreKind.allCases) func aReplyWithoutDoubtsNeedsNoConfirmation(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let hello = try await messaging.receive(fixture.sms("Hola, necesito una cita."))
            let dana = Identity.rep(fixture.dana.id)
            _ = try await messaging.setLanguage("es", of: hello.contact.id, by: dana)
            let preview = try await messaging.preview(.text("Your appointment is confirmed."), in: hello.message.conversationID, by: dana)
            #expect(preview.doubts.isEmpty)
            #expect(!preview.needsConfirmation)
            // Spain's "vuestra" became Latin America's "su".
            #expect(preview.text.hasPrefix("Su "))
            _ = try await messaging.send(
                .text("Your appointment is confirmed."), in: hello.message.conversationID, by: dana, previewToken: preview.token)
            #expect(fixture.sender.sent.count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func theContactsRegisterReachesTheBackendAndAChangeMakesThePreviewStale(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let backend = OptionsRecordingBackend()
            let pipeline = TranslationPipeline(backend: backend, detector: try LanguageDetector(), configuration: .init(backTranslation: false))
            let messaging = try fixture.messaging(pipeline: pipeline)
            let hello = try await messaging.receive(fixture.sms("Hola, necesito una cita por favor."))
            let dana = Identity.rep(fixture.dana.id)
            let conversationID = hello.message.conversationID
            _ = try await messaging.setLanguage("es", of: hello.contact.id, by: dana)
            let formal = try await messaging.setFormality(.formal, of: hello.contact.id, by: dana)
            #expect(formal.formality == .formal)

            let preview = try await messaging.preview(.text("Can you send a photo?"), in: conversationID, by: dana)
            #expect(backend.formalities.last == .formal)
            // The scripted answer says "tú": wrong for a contact addressed as usted.
            #expect(preview.needsConfirmation)
            #expect(preview.doubts.contains { $0.contains("formally") })

            _ = try await messaging.setFormality(.informal, of: hello.contact.id, by: dana)
            let stale = await #expect(throws: MessagingError.self) {
                try await messaging.send(.text("Can you send a photo?"), in: conversationID, by: dana, previewToken: preview.token, confirmed: true)
            }
            #expect(stale?.code == .previewStale)
            let informal = try await messaging.preview(.text("Can you send a photo?"), in: conversationID, by: dana)
            #expect(backend.formalities.last == .informal)
            #expect(!informal.needsConfirmation)
            let cleared = try await messaging.setFormality(nil, of: hello.contact.id, by: dana)
            #expect(cleared.formality == nil)

            // Another rep's contact is not theirs to change.
            let refused = await #expect(throws: MessagingError.self) {
                try await messaging.setFormality(.formal, of: hello.contact.id, by: .rep(fixture.leo.id))
            }
            #expect(refused?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases) func aBotsTurnsReadInEnglishWithTheTextSentKept(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let at = fixture.clock.now()
            let turns = [
                LeadTurn(speaker: .bot, text: "Hola, ¿en qué le podemos ayudar hoy?", at: at),
                LeadTurn(speaker: .contact, text: "Mi aire acondicionado no enfría.", at: at),
                LeadTurn(speaker: .bot, text: "¿Cuál es su código postal?", at: at, english: "What is your ZIP code?"),
                LeadTurn(speaker: .bot, text: "Thanks, a technician will text you.", at: at),
            ]
            let imported = try await messaging.importLead(
                LeadImport(number: MessagingFixture.danaNumber, phone: try PhoneNumber(parsing: "+525500002222"), name: "Rosa", source: "otto", transcript: turns),
                by: .core)
            let messages = try await fixture.store.messages(conversationID: imported.conversationID, afterSequence: 0, limit: 10)
            let bot = messages.filter { $0.direction == .outbound }
            #expect(bot.count == 3)
            // Translated by the backend, the sent Spanish kept.
            #expect(bot[0].sentText == turns[0].text)
            #expect(bot[0].original != turns[0].text)
            #expect(bot[0].translationStatus == .translated)
            #expect(bot[0].detectedLanguage?.language == "es")
            // The English the bot gave, as it gave it.
            #expect(bot[1].original == "What is your ZIP code?")
            #expect(bot[1].sentText == turns[2].text)
            // A turn in English stays as written.
            #expect(bot[2].original == turns[3].text)
            #expect(bot[2].translationStatus == .unchanged)
        }
    }
}

/// A backend that answers with informal Spanish and remembers the register it was asked for.
final class OptionsRecordingBackend: TranslationBackend {
    let name = "options"
    let identity = "options/1"
    private let seen = Mutex<[TranslationOptions.Formality?]>([])

    var formalities: [TranslationOptions.Formality?] { seen.withLock { $0 } }

    func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        seen.withLock { $0.append(options.formality) }
        return texts.map { _ in "¿Puedes enviarme una foto de tu equipo?" }
    }

    func supportedPairs() async throws(TranslationError) -> [LanguagePair] { [] }
    func health() async -> BackendHealth { BackendHealth(isHealthy: true, detail: "") }
}
