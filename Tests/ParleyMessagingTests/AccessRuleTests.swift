import Foundation
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// Who may do what, decided once in the messaging layer for every entry point.
@Suite struct AccessRuleTests {
    @Test(arguments: StoreKind.allCases) func aRepChangesTheLanguageOfTheirOwnContactsOnly(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let danas = try await messaging.receive(fixture.sms("Hola"))
            let error = await #expect(throws: MessagingError.self) {
                try await messaging.setLanguage("es-MX", of: danas.contact.id, by: .rep(fixture.leo.id))
            }
            #expect(error?.code == .notFound)
            #expect(try await fixture.store.contact(id: danas.contact.id).preferredLanguage == nil)
            #expect(try await messaging.setLanguage("es", of: danas.contact.id, by: .rep(fixture.dana.id)).preferredLanguage?.identifier == "es")
            let byAdmin = try await messaging.setLanguage("es-MX", of: danas.contact.id, by: .admin(fixture.admin.id))
            #expect(byAdmin.preferredLanguage?.identifier == "es-MX")
            #expect(byAdmin.languageSource == .setByAdmin)
            // A contact Leo does not text is not his to change, whatever its id.
            let unknown = await #expect(throws: MessagingError.self) {
                try await messaging.setLanguage("es", of: UUID(), by: .rep(fixture.leo.id))
            }
            #expect(unknown?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases) func templatesAreChangedByTheirRepOrAnAdminNeverByTheCore(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let coreCreate = await #expect(throws: MessagingError.self) {
                try await messaging.createTemplate(name: "Hi", text: "Hello {{name}}", shared: nil, by: .core)
            }
            #expect(coreCreate?.code == .forbidden)
            let danas = try await messaging.createTemplate(name: "Mine", text: "On my way", shared: nil, by: .rep(fixture.dana.id))
            #expect(danas.repID == fixture.dana.id)
            let sharing = await #expect(throws: MessagingError.self) {
                try await messaging.createTemplate(name: "All", text: "Hello", shared: true, by: .rep(fixture.dana.id))
            }
            #expect(sharing?.code == .forbidden)
            for identity in [Identity.core, .rep(fixture.leo.id)] {
                let update = await #expect(throws: MessagingError.self) {
                    try await messaging.updateTemplate(danas.id, name: "Changed", text: "Changed", by: identity)
                }
                #expect(update?.code == .forbidden || update?.code == .notFound)
                let delete = await #expect(throws: MessagingError.self) { try await messaging.deleteTemplate(danas.id, by: identity) }
                #expect(delete?.code == .forbidden || delete?.code == .notFound)
            }
            #expect(try await fixture.store.template(id: danas.id).text == "On my way")
            let shared = try await messaging.createTemplate(name: "Shared", text: "Hello", shared: nil, by: .admin(fixture.admin.id))
            #expect(shared.repID == nil)
            #expect(try await messaging.updateTemplate(danas.id, name: "Mine", text: "Almost there", by: .admin(fixture.admin.id)).text == "Almost there")
            // The core and every rep may send a shared template; Leo may not send Dana's.
            let hello = try await messaging.receive(fixture.sms("Hello"))
            _ = try await messaging.setLanguage("es", of: hello.contact.id, by: .rep(fixture.dana.id))
            _ = try await messaging.send(.template(id: shared.id, values: [:]), in: hello.message.conversationID, by: .core)
            #expect(fixture.sender.sent.count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func aRepNeitherSeesNorWritesAnotherRepsConversation(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let danas = try await messaging.receive(fixture.sms("Hello"))
            let preview = await #expect(throws: MessagingError.self) {
                try await messaging.preview(.text("Hi"), in: danas.message.conversationID, by: .rep(fixture.leo.id))
            }
            #expect(preview?.code == .notFound)
            let send = await #expect(throws: MessagingError.self) {
                try await messaging.send(.text("Hi"), in: danas.message.conversationID, by: .rep(fixture.leo.id))
            }
            #expect(send?.code == .notFound)
            let start = await #expect(throws: MessagingError.self) {
                try await messaging.startConversation(NewConversation(numberID: fixture.danaNumber.id, phone: "+525511112222"), by: .rep(fixture.leo.id))
            }
            #expect(start?.code == .forbidden)
            #expect(fixture.sender.sent.isEmpty)
        }
    }
}
