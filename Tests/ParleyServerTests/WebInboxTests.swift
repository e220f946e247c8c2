import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyLanguage
import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// The inbox as the server renders it, on each store: the unread count in the title, the Open /
/// Done / All filter and the search, the language by name among those the engine translates, and
/// the name of the rep who sent each reply (escaped).
@Suite(.serialized) struct WebInboxTests {
    typealias Fixture = ConversationsAPITests.Fixture

    @Test(arguments: StoreKind.allCases) func theListAndTheThreadShowTheInbox(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let maria = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María", preferredLanguage: LanguageTag("es-MX"),
                languageSource: .setByRep)
            let sol = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5679"), name: "Sol", preferredLanguage: nil, languageSource: nil)
            let marias = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: maria.id)
            let sols = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: sol.id)
            for text in ["Hola", "¿Vienen hoy?"] {
                _ = try await fixture.store.appendInbound(InboundMessageDraft(conversationID: marias.id, text: text))
            }
            _ = try await fixture.store.appendInbound(InboundMessageDraft(conversationID: sols.id, text: "Buenas"))
            let ana = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5680"), name: "Ana Ortiz", preferredLanguage: nil, languageSource: nil)
            let anas = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: ana.id)
            let hostile = try await fixture.store.createRep(name: "<b>Eve</b>", email: "eve@example.com", role: .rep)
            _ = try await fixture.store.appendOutbound(
                OutboundMessageDraft(conversationID: marias.id, text: "On my way", deliveryStatus: .sent, sentBy: hostile.id))
            _ = try await fixture.store.setConversationState(id: sols.id, .done)
            try await fixture.app().test(.router) { client in
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                let open = try await WebTests.send(client, "/conversations", headers: dana.headers)
                #expect(open.body.contains("<title>(3) Conversations · Parley</title>"))
                #expect(open.body.contains("/conversations/\(marias.id.uuidString)"))
                #expect(!open.body.contains("/conversations/\(sols.id.uuidString)"), "done: not in the open list")
                #expect(open.body.contains("Spanish (Mexico)"))
                let done = try await WebTests.send(client, "/conversations?state=done", headers: dana.headers)
                #expect(done.body.contains("/conversations/\(sols.id.uuidString)"))
                #expect(!done.body.contains("/conversations/\(marias.id.uuidString)"))
                let searched = try await WebTests.send(client, "/conversations?state=all&q=sol", headers: dana.headers)
                #expect(searched.body.contains("/conversations/\(sols.id.uuidString)"))
                #expect(!searched.body.contains("/conversations/\(marias.id.uuidString)"))
                // A full name as the search form (and the list's script) sends it: `+` for the space.
                let fullName = try await WebTests.send(client, "/conversations?state=all&q=ana+ortiz", headers: dana.headers)
                #expect(fullName.body.contains("/conversations/\(anas.id.uuidString)"))
                #expect(!fullName.body.contains("/conversations/\(sols.id.uuidString)"))
                let none = try await WebTests.send(client, "/conversations?q=%3Cscript%3E", headers: dana.headers)
                #expect(none.body.contains("No conversations match “&lt;script&gt;”."))
                #expect(try await WebTests.send(client, "/conversations?state=closed", headers: dana.headers).status == .badRequest)

                // The thread: Sol's unread message elsewhere in the title, the language by name, who sent the reply.
                let thread = try await WebTests.send(client, "/conversations/\(marias.id)", headers: dana.headers)
                #expect(thread.body.contains("<title>(1) María · Parley</title>"))
                #expect(thread.body.contains(#"<option value="es-MX" selected>Spanish (Mexico)</option>"#))
                #expect(!thread.body.contains("Vietnamese"), "this APy translates English into Spanish only")
                #expect(thread.body.contains(#"<span class="sender">&lt;b&gt;Eve&lt;/b&gt;</span>"#))
                #expect(!thread.body.contains("<b>Eve</b>"))
                #expect(thread.body.contains(#"aria-live="polite" aria-relevant="additions" aria-label="Messages""#))
                #expect(thread.body.contains("Mark done"))
                // A language detected before that the engine cannot translate into is shown, and says so.
                _ = try await fixture.store.setPreferredLanguage(contactID: sol.id, language: LanguageTag("fr"), source: .detected)
                let french = try await WebTests.send(client, "/conversations/\(sols.id)", headers: dana.headers)
                #expect(french.body.contains(#"<option value="fr" selected>French — cannot be translated here</option>"#))
                #expect(french.body.contains("Reopen"), "Sol's conversation is done")
            }
        }
    }
}
