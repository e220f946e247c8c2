import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// The inbox routes over each store and the real APy (English–Spanish): the languages by name,
/// a contact's language refused in words a rep reads, and a conversation marked done.
@Suite(.serialized) struct InboxAPITests {
    typealias Fixture = ConversationsAPITests.Fixture

    @Test(arguments: StoreKind.allCases) func languagesAreListedByNameAndAContactGetsOnlyATranslatableOne(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let contact = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María López", preferredLanguage: nil, languageSource: nil)
            _ = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            try await fixture.app().test(.router) { client in
                try await client.execute(uri: "/v1/languages", method: .get, headers: ConversationsAPITests.headers(Fixture.danaKey)) { response in
                    #expect(response.status == .ok)
                    let languages = try ConversationsAPITests.jsonArray(response.body)
                    let byTag = Dictionary(languages.map { ($0["tag"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
                    #expect(byTag["es-MX"]?["name"] as? String == "Spanish (Mexico)")
                    #expect(byTag["es-MX"]?["translatable"] as? Bool == true)
                    #expect(byTag["vi"]?["name"] as? String == "Vietnamese")
                    #expect(byTag["vi"]?["translatable"] as? Bool == false)
                }
                let klingon = try await MessagingRoutesTests.call(
                    client, .put, "/v1/contacts/\(contact.id)/language", key: Fixture.danaKey, json: #"{"language": "Klingon"}"#)
                #expect(klingon.status == .badRequest)
                #expect(
                    klingon.body["detail"] as? String
                        == "Parley cannot translate into Klingon with this service's translation engine; pick one of the listed languages.")
                let vietnamese = try await MessagingRoutesTests.call(
                    client, .put, "/v1/contacts/\(contact.id)/language", key: Fixture.danaKey, json: #"{"language": "vi"}"#)
                #expect(vietnamese.status == .badRequest)
                #expect((vietnamese.body["detail"] as? String)?.contains("into Vietnamese") == true)
                #expect(try await fixture.store.contact(id: contact.id).preferredLanguage == nil)
                // A name is as good as a tag.
                let byName = try await MessagingRoutesTests.call(
                    client, .put, "/v1/contacts/\(contact.id)/language", key: Fixture.danaKey, json: #"{"language": "Spanish (Mexico)"}"#)
                #expect(byName.status == .ok)
                #expect(byName.body["preferredLanguage"] as? String == "es-MX")
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func aRepMarksTheirConversationDoneAndTheListFiltersIt(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let luz = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5670"), name: "Luz", preferredLanguage: nil, languageSource: nil)
            let sol = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5671"), name: "Sol", preferredLanguage: nil, languageSource: nil)
            let luzThread = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: luz.id)
            let solThread = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: sol.id)
            try await fixture.app().test(.router) { client in
                func listed(_ query: String) async throws -> [String] {
                    try await client.execute(
                        uri: "/v1/conversations\(query)", method: .get, headers: ConversationsAPITests.headers(Fixture.danaKey)
                    ) { response in
                        try ConversationsAPITests.jsonArray(response.body).compactMap { ($0["conversation"] as? [String: Any])?["id"] as? String }
                    }
                }
                let byRob = try await MessagingRoutesTests.call(
                    client, .put, "/v1/conversations/\(luzThread.id)/state", key: Fixture.robKey, json: #"{"state": "done"}"#)
                #expect(byRob.status == .notFound)
                let invalid = try await MessagingRoutesTests.call(
                    client, .put, "/v1/conversations/\(luzThread.id)/state", key: Fixture.danaKey, json: #"{"state": "closed"}"#)
                #expect(invalid.status == .badRequest)
                let done = try await MessagingRoutesTests.call(
                    client, .put, "/v1/conversations/\(luzThread.id)/state", key: Fixture.danaKey, json: #"{"state": "done"}"#)
                #expect(done.status == .ok)
                #expect(done.body["state"] as? String == "done")
                #expect(try await listed("?state=open") == [solThread.id.uuidString])
                #expect(try await listed("?state=done") == [luzThread.id.uuidString])
                #expect(Set(try await listed("")) == [luzThread.id.uuidString, solThread.id.uuidString])
                #expect(try await listed("?state=done&q=sol").isEmpty)
                let bogus = try await MessagingRoutesTests.call(client, .get, "/v1/conversations?state=closed", key: Fixture.danaKey)
                #expect(bogus.status == .badRequest)
            }
        }
    }
}
