import Foundation
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// The rep's inbox rules in the messaging layer: a contact's language is one the engine translates
/// into, by name or tag (one rule for the API, the pages and New Conversation); who marks a
/// conversation done; who sent a reply. Over the real APy (English–Spanish only).
@Suite struct InboxWorkflowTests {
    @Test(arguments: StoreKind.allCases) func languagesAreNamedAndSayWhatTheEngineTranslates(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let languages = await messaging.languages()
            let byTag = Dictionary(languages.map { ($0.tag.identifier, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(byTag["es"]?.name == "Spanish")
            #expect(byTag["es-MX"]?.name == "Spanish (Mexico)")
            #expect(byTag["zh-Hans"]?.name == "Chinese (Simplified)")
            #expect(byTag["pt-BR"]?.name == "Portuguese (Brazil)")
            for tag in ["es", "es-MX", "es-ES", "en"] { #expect(byTag[tag]?.translatable == true, "\(tag)") }
            for tag in ["vi", "zh-Hans", "pt-BR", "fr"] { #expect(byTag[tag]?.translatable == false, "\(tag)") }
            #expect(languages.map(\.name) == languages.map(\.name).sorted())
        }
    }

    @Test(arguments: StoreKind.allCases) func aContactsLanguageIsOneTheEngineTranslatesInto(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let dana = Identity.rep(fixture.dana.id)
            let hello = try await messaging.receive(fixture.sms("Hola"))
            // By name, any case or accents, or by tag.
            #expect(try await messaging.setLanguage("Spanish (Mexico)", of: hello.contact.id, by: dana).preferredLanguage?.identifier == "es-MX")
            #expect(try await messaging.setLanguage("spanish", of: hello.contact.id, by: dana).preferredLanguage?.identifier == "es")
            #expect(try await messaging.setLanguage("es-es", of: hello.contact.id, by: dana).preferredLanguage?.identifier == "es-ES")
            // Anything else is refused in words a rep understands, and the language stays.
            for (given, named) in [("Klingon", "Klingon"), ("vi", "Vietnamese"), ("Chinese (Simplified)", "Chinese (Simplified)"), ("", "an empty language")] {
                let error = await #expect(throws: MessagingError.self) { try await messaging.setLanguage(given, of: hello.contact.id, by: dana) }
                #expect(error?.code == .invalidInput)
                #expect(error?.message == "Parley cannot translate into \(named) with this service's translation engine; pick one of the listed languages.")
                #expect(error?.message.contains("unsupportedPair") == false)
            }
            #expect(try await fixture.store.contact(id: hello.contact.id).preferredLanguage?.identifier == "es-ES")

            // New Conversation takes the same rule: a refused language creates nothing.
            let refused = await #expect(throws: MessagingError.self) {
                try await messaging.startConversation(
                    NewConversation(numberID: fixture.danaNumber.id, phone: "+34 612 000 111", name: "Lucía", language: "Klingon"), by: dana)
            }
            #expect(refused?.code == .invalidInput)
            #expect(try await fixture.store.contact(phone: PhoneNumber(parsing: "+34 612 000 111")) == nil)
            let started = try await messaging.startConversation(
                NewConversation(numberID: fixture.danaNumber.id, phone: "+34 612 000 111", name: "Lucía", language: "Spanish (Spain)"), by: dana)
            #expect(started.contact.preferredLanguage?.identifier == "es-ES")
        }
    }

    @Test(arguments: StoreKind.allCases) func onlyTheRepWhoseNumberItIsMarksAConversationDone(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let hello = try await messaging.receive(fixture.sms("Hola"))
            let id = hello.message.conversationID
            let byLeo = await #expect(throws: MessagingError.self) { try await messaging.setState(.done, of: id, by: .rep(fixture.leo.id)) }
            #expect(byLeo?.code == .notFound)
            let byAdmin = await #expect(throws: MessagingError.self) { try await messaging.setState(.done, of: id, by: .admin(fixture.admin.id)) }
            #expect(byAdmin?.code == .forbidden)
            let byCore = await #expect(throws: MessagingError.self) { try await messaging.setState(.done, of: id, by: .core) }
            #expect(byCore?.code == .forbidden)
            #expect(try await fixture.store.conversation(id: id).state == .open)

            #expect(try await messaging.setState(.done, of: id, by: .rep(fixture.dana.id)).state == .done)
            // The contact writes again: open again.
            _ = try await messaging.receive(fixture.sms("¿Y mañana?"))
            #expect(try await fixture.store.conversation(id: id).state == .open)
        }
    }

    @Test(arguments: StoreKind.allCases) func aReplyRecordsWhoSentIt(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let conversationID = try await ComposeTests.spanishConversation(fixture, messaging)
            let sent = try await messaging.send(.text("Your technician is on the way."), in: conversationID, by: .rep(fixture.dana.id))
            #expect(sent.message.sentBy == fixture.dana.id)
            #expect(try await fixture.store.message(id: sent.message.id).sentBy == fixture.dana.id)
            let byCore = try await messaging.send(.text("Your appointment is confirmed."), in: conversationID, by: .core)
            #expect(byCore.message.sentBy == nil)
        }
    }
}
