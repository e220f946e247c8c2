import Foundation
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// Words that read as a request to stop hold every send to the contact until a rep confirms the
/// opt-out or dismisses it; a keyword needs no one.
@Suite struct ProbableOptOutTests {
    @Test(arguments: StoreKind.allCases) func aProbableOptOutHoldsSendsUntilARepSettlesIt(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            let dana = Identity.rep(fixture.dana.id)
            let hello = try await messaging.receive(fixture.sms("Hola, ¿a qué hora viene el técnico?"))
            let conversationID = hello.message.conversationID
            _ = try await messaging.setLanguage("es", of: hello.contact.id, by: dana)

            let words = try await messaging.receive(fixture.sms("Ya no me manden más mensajes por favor"))
            #expect(words.consentChange?.state == .unconfirmedOptOut)
            var contact = try await fixture.store.contact(id: hello.contact.id)
            #expect(contact.consent?.state == .unconfirmedOptOut)
            #expect(contact.consent?.keyword?.lowercased().contains("manden") == true)
            let notice = try #require(ConsentRules.notice(for: contact))
            #expect(notice.contains("Confirm"))

            // Nothing goes while it waits, by any path.
            for identity in [dana, Identity.core] {
                let refused = await #expect(throws: MessagingError.self) {
                    try await messaging.send(.text("Your appointment is confirmed."), in: conversationID, by: identity)
                }
                #expect(refused?.code == .optedOut)
                #expect(refused?.title.contains("confirm") == true)
            }
            #expect(fixture.sender.sent.isEmpty)
            #expect(try await messaging.preview(.text("Hello"), in: conversationID, by: dana).contactOptedOut)

            // Another rep cannot settle it; the rep who texts them can.
            let stranger = await #expect(throws: MessagingError.self) {
                try await messaging.reviewOptOut(of: hello.contact.id, confirmed: false, by: .rep(fixture.leo.id))
            }
            #expect(stranger?.code == .notFound)
            contact = try await messaging.reviewOptOut(of: hello.contact.id, confirmed: false, by: dana)
            #expect(contact.consent?.state == .optOutDismissed)
            #expect(ConsentRules.mayText(contact))
            _ = try await messaging.send(.text("Your appointment is confirmed."), in: conversationID, by: dana)
            #expect(fixture.sender.sent.count == 1)
            let nothing = await #expect(throws: MessagingError.self) {
                try await messaging.reviewOptOut(of: hello.contact.id, confirmed: true, by: dana)
            }
            #expect(nothing?.code == .conflict)

            // Asked again, and confirmed this time: opted out, with the words and the message kept.
            let again = try await messaging.receive(fixture.sms("dejen de enviarme mensajes"))
            #expect(again.consentChange?.state == .unconfirmedOptOut)
            contact = try await messaging.reviewOptOut(of: hello.contact.id, confirmed: true, by: dana)
            #expect(contact.consent?.state == .optedOut)
            #expect(contact.consent?.messageID == again.message.id)
            let refused = await #expect(throws: MessagingError.self) {
                try await messaging.send(.text("Are you still there?"), in: conversationID, by: dana)
            }
            #expect(refused?.code == .optedOut)
            // Only a keyword opts them back in.
            _ = try await messaging.receive(fixture.sms("INICIAR"))
            #expect(try await fixture.store.contact(id: hello.contact.id).consent?.state == .optedIn)
        }
    }

    @Test(arguments: StoreKind.allCases) func aLookAlikeChangesNothing(_ kind: StoreKind) async throws {
        try await MessagingFixture.with(kind) { fixture in
            let messaging = try fixture.messaging()
            for text in ["La bomba no para de hacer ruido", "the leak won't stop", "Can you text me when you stop by?"] {
                let received = try await messaging.receive(fixture.sms(text))
                #expect(received.consentChange == nil, "\(text)")
            }
        }
    }
}
