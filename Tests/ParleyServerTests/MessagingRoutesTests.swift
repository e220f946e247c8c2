import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyLanguage
import ParleyMessaging
import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// The messaging layer's rules as the API answers them: consent, preview tokens and who may do what.
@Suite struct MessagingRoutesTests {
    typealias Fixture = ConversationsAPITests.Fixture
    static let coreKey = "core-key-0123456789abcdef"

    static func services(_ fixture: Fixture) throws -> ParleyServices {
        var services = fixture.services
        services.access = try AccessKeys(parsing: "rep:dana@example.com=\(Fixture.danaKey),rep:rob@example.com=\(Fixture.robKey),admin:ana@example.com=\(Fixture.adminKey),core=\(Self.coreKey)")
        return services
    }

    static func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, key: String, json: String? = nil
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        try await client.execute(uri: uri, method: method, headers: ConversationsAPITests.headers(key), body: json.map { ByteBuffer(string: $0) }) { response in
            let object = (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))) as? [String: Any]
            return (response.status, object ?? [:])
        }
    }

    @Test(arguments: StoreKind.allCases) func aContactWhoOptedOutIsRefusedOnEveryRouteThatSends(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let services = try Self.services(fixture)
            let messaging = try #require(services.messaging)
            let contact = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+525512345678"), name: "María", preferredLanguage: LanguageTag("es"), languageSource: .setByRep)
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            let template = try await messaging.createTemplate(name: "Hi", text: "Hi {{name}}", shared: nil, by: .admin(UUID()))
            let uri = "/v1/conversations/\(conversation.id)"
            try await Application(router: buildRouter(services)).test(.router) { client in
                let preview = try await Self.call(client, .post, uri + "/preview", key: Fixture.danaKey, json: #"{"text": "See you soon."}"#)
                let token = try #require(preview.body["token"] as? String)
                #expect(preview.body["contactOptedOut"] as? Bool == false)

                _ = try await messaging.receive(InboundSMS(
                    from: contact.phone, to: fixture.danaNumber.phone, body: "Alto", providerMessageID: "SMoptout000000000000000000000001"))

                let bodies = [
                    #"{"text": "See you soon."}"#, #"{"text": "See you soon.", "previewToken": "\#(token)"}"#,
                    #"{"templateID": "\#(template.id)", "values": {"name": "María"}}"#,
                ]
                for key in [Fixture.danaKey, Fixture.adminKey, Self.coreKey] {
                    for body in bodies {
                        let refused = try await Self.call(client, .post, uri + "/messages", key: key, json: body)
                        #expect(refused.status == .conflict, "\(body)")
                        #expect(refused.body["title"] as? String == "Not sent: the contact opted out")
                        #expect((refused.body["detail"] as? String)?.contains("INICIAR") == true)
                    }
                }
                #expect(fixture.sender.sent.isEmpty)
                let after = try await Self.call(client, .post, uri + "/preview", key: Fixture.danaKey, json: #"{"text": "See you soon."}"#)
                #expect(after.body["contactOptedOut"] as? Bool == true)
                let record = try await Self.call(client, .get, "/v1/contacts/\(contact.id)", key: Fixture.danaKey)
                #expect(record.status == .ok)
                #expect((record.body["contact"] as? [String: Any]).flatMap { $0["consent"] as? [String: Any] }?["state"] as? String == "optedOut")
                #expect((record.body["optOutNotice"] as? String)?.contains("María replied ALTO") == true)
            }
            let outbound = try await fixture.store.messages(conversationID: conversation.id, afterSequence: 0, limit: 20).filter { $0.direction == .outbound }
            #expect(outbound.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func aSendWithAStalePreviewIs409AndSendsNothing(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let services = try Self.services(fixture)
            let contact = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+525512345679"), name: "Rosa", preferredLanguage: LanguageTag("es"), languageSource: .setByRep)
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            let uri = "/v1/conversations/\(conversation.id)"
            try await Application(router: buildRouter(services)).test(.router) { client in
                let preview = try await Self.call(client, .post, uri + "/preview", key: Fixture.danaKey, json: #"{"text": "The estimate is ready."}"#)
                let token = try #require(preview.body["token"] as? String)
                let other = try await Self.call(
                    client, .post, uri + "/messages", key: Fixture.danaKey, json: #"{"text": "The estimate is late.", "previewToken": "\#(token)"}"#)
                #expect(other.status == .conflict)
                #expect(other.body["title"] as? String == "Preview again before sending")
                let unknown = try await Self.call(
                    client, .post, uri + "/messages", key: Fixture.danaKey, json: #"{"text": "The estimate is ready.", "previewToken": "nope"}"#)
                #expect(unknown.status == .conflict)
                #expect(fixture.sender.sent.isEmpty)
                let sent = try await Self.call(
                    client, .post, uri + "/messages", key: Fixture.danaKey, json: #"{"text": "The estimate is ready.", "previewToken": "\#(token)"}"#)
                #expect(sent.status == .created)
                #expect(fixture.sender.sent.map(\.body) == [preview.body["text"] as? String ?? ""])
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func accessRulesAreTheSameOnEveryRoute(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let services = try Self.services(fixture)
            let contact = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+525512345670"), name: "Luz", preferredLanguage: nil, languageSource: nil)
            _ = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            let danas = try await fixture.store.createTemplate(repID: fixture.dana.id, name: "Mine", text: "On my way")
            try await Application(router: buildRouter(services)).test(.router) { client in
                // Rob does not text Luz: her language and record are not his.
                let robLanguage = try await Self.call(client, .put, "/v1/contacts/\(contact.id)/language", key: Fixture.robKey, json: #"{"language": "es-MX"}"#)
                #expect(robLanguage.status == .notFound)
                #expect(try await Self.call(client, .get, "/v1/contacts/\(contact.id)", key: Fixture.robKey).status == .notFound)
                #expect(try await fixture.store.contact(id: contact.id).preferredLanguage == nil)
                let danaLanguage = try await Self.call(client, .put, "/v1/contacts/\(contact.id)/language", key: Fixture.danaKey, json: #"{"language": "es"}"#)
                #expect(danaLanguage.status == .ok)
                // The core sends templates but neither creates shared ones nor changes a rep's.
                let coreCreate = try await Self.call(client, .post, "/v1/templates", key: Self.coreKey, json: #"{"name": "All", "text": "Hello"}"#)
                #expect(coreCreate.status == .forbidden)
                let coreEdit = try await Self.call(client, .put, "/v1/templates/\(danas.id)", key: Self.coreKey, json: #"{"name": "X", "text": "X"}"#)
                #expect(coreEdit.status == .forbidden)
                let coreDelete = try await Self.call(client, .delete, "/v1/templates/\(danas.id)", key: Self.coreKey)
                #expect(coreDelete.status == .forbidden)
                #expect(try await fixture.store.template(id: danas.id).text == "On my way")
                let adminEdit = try await Self.call(client, .put, "/v1/templates/\(danas.id)", key: Fixture.adminKey, json: #"{"name": "Mine", "text": "Nearly there"}"#)
                #expect(adminEdit.status == .ok)
            }
        }
    }
}
