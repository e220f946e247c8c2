import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyLanguage
import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// The rep's API over each store (a real SQLite file, a real PostgreSQL schema) and the real APy.
@Suite(.serialized) struct ConversationsAPITests {
    /// A service with two reps and an admin, each with an API key.
    struct Fixture {
        let store: any ThreadStore
        let sender = LogSender(quiet: true)
        let dana: Rep
        let rob: Rep
        let danaNumber: BusinessNumber
        let robNumber: BusinessNumber
        let services: ParleyServices
        static let danaKey = "dana-key-0123456789abcdef"
        static let robKey = "rob-key-0123456789abcdef"
        static let adminKey = "admin-key-0123456789abcdef"

        /// Runs `body` with a fixture on a database of its own, removed afterwards.
        static func with(_ kind: StoreKind, _ body: (Fixture) async throws -> Void) async throws {
            try await withTestDatabase(kind) { database in
                try await body(try await Fixture(store: try await database.threadStore()))
            }
        }

        init(store: any ThreadStore, apertiumURL: String? = nil) async throws {
            self.store = store
            dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            rob = try await store.createRep(name: "Rob", email: "rob@example.com", role: .rep)
            _ = try await store.createRep(name: "Ana", email: "ana@example.com", role: .admin)
            danaNumber = try await store.assignNumber(try PhoneNumber(parsing: "+1 410 555 0100"), to: dana.id)
            robNumber = try await store.assignNumber(try PhoneNumber(parsing: "+1 410 555 0200"), to: rob.id)
            let url = apertiumURL ?? ProcessInfo.processInfo.environment["PARLEY_APERTIUM_URL"] ?? ""
            try #require(!url.isEmpty, "PARLEY_APERTIUM_URL is not set: run the tests with scripts/test")
            let pipeline = TranslationPipeline(
                backend: ApertiumBackend(baseURL: url, client: ServiceTests.client), detector: try LanguageDetector())
            services = ParleyServices(
                pipeline: pipeline, store: store, sender: sender,
                access: try AccessKeys(parsing: "rep:dana@example.com=\(Self.danaKey),rep:rob@example.com=\(Self.robKey),admin:ana@example.com=\(Self.adminKey)"))
        }

        func app() -> some ApplicationProtocol { buildApplication(services) }
    }

    static func headers(_ key: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(key)"
        headers[.contentType] = "application/json"
        return headers
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8)) as? [String: Any])
    }

    static func jsonArray(_ buffer: ByteBuffer) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8)) as? [[String: Any]])
    }

    @Test(arguments: StoreKind.allCases) func aRepStartsAConversationPreviewsAndSendsInTheContactsLanguage(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let dana = Self.headers(Fixture.danaKey)
            try await fixture.app().test(.router) { client in
                let start = #"{"numberID": "\#(fixture.danaNumber.id)", "phone": "+52 55 1234 5678", "name": "María López", "language": "es"}"#
                let conversationID = try await client.execute(uri: "/v1/conversations", method: .post, headers: dana, body: ByteBuffer(string: start)) { response throws in
                    #expect(response.status == .created)
                    let body = try Self.json(response.body)
                    let contact = try #require(body["contact"] as? [String: Any])
                    #expect(contact["name"] as? String == "María López")
                    #expect(contact["preferredLanguage"] as? String == "es")
                    #expect(contact["languageSource"] as? String == "setByRep")
                    return try #require((body["conversation"] as? [String: Any])?["id"] as? String)
                }

                let compose = #"{"text": "Your technician is on the way. Call (410) 555-0123 if you need anything."}"#
                try await client.execute(uri: "/v1/conversations/\(conversationID)/preview", method: .post, headers: dana, body: ByteBuffer(string: compose)) { response throws in
                    #expect(response.status == .ok)
                    let preview = try Self.json(response.body)
                    #expect(preview["readyToSend"] as? Bool == true)
                    #expect(preview["language"] as? String == "es")
                    #expect((preview["text"] as? String)?.contains("(410) 555-0123") == true)
                    #expect((preview["backTranslation"] as? String)?.isEmpty == false)
                    #expect(preview["segments"] as? Int == 1)
                }
                #expect(fixture.sender.sent.isEmpty)  // a preview sends nothing

                try await client.execute(uri: "/v1/conversations/\(conversationID)/messages", method: .post, headers: dana, body: ByteBuffer(string: compose)) { response throws in
                    #expect(response.status == .created)
                    let sent = try Self.json(response.body)
                    let message = try #require(sent["message"] as? [String: Any])
                    #expect(message["direction"] as? String == "outbound")
                    #expect(message["deliveryStatus"] as? String == "sent")
                    #expect((message["original"] as? String)?.hasPrefix("Your technician") == true)
                }
                let handed = try #require(fixture.sender.sent.first)
                #expect(handed.to.e164 == "+525512345678" && handed.from == fixture.danaNumber.phone)
                #expect(handed.body.contains("(410) 555-0123") && !handed.body.contains("Your technician"))

                try await client.execute(uri: "/v1/conversations/\(conversationID)/messages", method: .get, headers: dana) { response throws in
                    let messages = try Self.jsonArray(response.body)
                    #expect(messages.count == 1)
                    #expect(messages[0]["sentText"] as? String == handed.body)  // the exact text sent is stored
                    #expect(messages[0]["providerMessageID"] as? String == handed.id)
                    #expect((messages[0]["provenance"] as? [String: Any])?["backend"] as? String == "apertium-apy/0.11")
                }
                try await client.execute(uri: "/v1/conversations", method: .get, headers: dana) { response throws in
                    let list = try Self.jsonArray(response.body)
                    #expect(list.count == 1)
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func aTranslationThatCannotBeCheckedIsNeverSent(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let dana = Self.headers(Fixture.danaKey)
            try await fixture.app().test(.router) { client in
                // No language known for this contact yet.
                let start = #"{"numberID": "\#(fixture.danaNumber.id)", "phone": "+1 443 555 0199"}"#
                let conversationID = try await client.execute(uri: "/v1/conversations", method: .post, headers: dana, body: ByteBuffer(string: start)) { response throws in
                    try #require((try Self.json(response.body)["conversation"] as? [String: Any])?["id"] as? String)
                }
                try await client.execute(uri: "/v1/conversations/\(conversationID)/messages", method: .post, headers: dana,
                                         body: ByteBuffer(string: #"{"text": "Hello there"}"#)) { response throws in
                    #expect(response.status == .unprocessableContent)
                    #expect((try Self.json(response.body)["detail"] as? String)?.contains("language is not known") == true)
                }
                #expect(fixture.sender.sent.isEmpty)
                try await client.execute(uri: "/v1/conversations/\(conversationID)/messages", method: .get, headers: dana) { response throws in
                    #expect(try Self.jsonArray(response.body).isEmpty)
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func repsSeeOnlyTheirOwnConversationsAndKeysAreRequired(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let contact = try await fixture.store.findOrCreateContact(phone: try PhoneNumber(parsing: "+52 55 1234 5678"))
            let danas = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            try await fixture.app().test(.router) { client in
                try await client.execute(uri: "/v1/conversations/\(danas.id)/messages", method: .get, headers: Self.headers(Fixture.robKey)) { response throws in
                    #expect(response.status == .notFound)
                }
                let start = #"{"numberID": "\#(fixture.danaNumber.id)", "contactID": "\#(contact.id)"}"#
                try await client.execute(uri: "/v1/conversations", method: .post, headers: Self.headers(Fixture.robKey), body: ByteBuffer(string: start)) { response throws in
                    #expect(response.status == .forbidden)
                }
                try await client.execute(uri: "/v1/conversations", method: .get) { response throws in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                try await client.execute(uri: "/v1/conversations", method: .get, headers: Self.headers("not-a-key-0123456789")) { response throws in
                    #expect(response.status == .unauthorized)
                }
                try await client.execute(uri: "/v1/conversations?rep=\(fixture.dana.id)", method: .get, headers: Self.headers(Fixture.adminKey)) { response throws in
                    #expect(response.status == .ok)
                    #expect(try Self.jsonArray(response.body).count == 1)  // admins see any rep's
                }
                try await client.execute(uri: "/v1/conversations", method: .get, headers: Self.headers(Fixture.robKey)) { response throws in
                    #expect(try Self.jsonArray(response.body).isEmpty)
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func contactsAreFoundByNameOrPhoneAndTheirLanguageSet(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let maria = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María López", preferredLanguage: nil, languageSource: nil)
            try await fixture.app().test(.router) { client in
                for query in ["maria", "LOPEZ", "5512345"] {
                    try await client.execute(uri: "/v1/contacts?q=\(query)", method: .get, headers: Self.headers(Fixture.danaKey)) { response throws in
                        let found = try Self.jsonArray(response.body)
                        #expect(found.first?["id"] as? String == maria.id.uuidString, "query \(query)")
                    }
                }
                try await client.execute(uri: "/v1/contacts/\(maria.id)/language", method: .put, headers: Self.headers(Fixture.adminKey),
                                         body: ByteBuffer(string: #"{"language": "es-MX"}"#)) { response throws in
                    let contact = try Self.json(response.body)
                    #expect(contact["preferredLanguage"] as? String == "es-MX")
                    #expect(contact["languageSource"] as? String == "setByAdmin")
                }
                try await client.execute(uri: "/v1/contacts/\(maria.id)/language", method: .put, headers: Self.headers(Fixture.danaKey),
                                         body: ByteBuffer(string: #"{"language": "klingon!"}"#)) { response throws in
                    #expect(response.status == .badRequest)
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func eventsStreamLiveAndResumeFromLastEventID(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let contact = try await fixture.store.findOrCreateContact(phone: try PhoneNumber(parsing: "+52 55 1234 5678"))
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            let first = try await fixture.store.appendInbound(InboundMessageDraft(conversationID: conversation.id, text: "Hola", providerMessageID: "SM1"))
            let afterFirst = try await fixture.store.latestEventID()
            try await fixture.app().test(.live) { client in
                let port = try #require(client.port)
                let url = "http://127.0.0.1:\(port)/v1/conversations/\(conversation.id)/events"
                // Resume from 0: the earlier message is replayed.
                let replay = try EventStreamReader(url: url, key: Fixture.danaKey, lastEventID: "0")
                defer { replay.close() }
                let replayed = try await replay.first { $0.name == "messageAdded" && $0.data.contains(first.message.id.uuidString) }
                #expect(replayed != nil)
                // Live: a message added while connected arrives; the one before Last-Event-ID does not.
                let live = try EventStreamReader(url: url, key: Fixture.danaKey, lastEventID: String(afterFirst))
                defer { live.close() }
                #expect(try await live.waitUntilOpen())
                let second = try await fixture.store.appendInbound(InboundMessageDraft(conversationID: conversation.id, text: "¿Vienen hoy?", providerMessageID: "SM2"))
                let arrived = try await live.first { $0.data.contains(second.message.id.uuidString) }
                #expect(arrived?.id.flatMap { Int64($0) }.map { $0 > afterFirst } == true)
                #expect(!live.events.contains { $0.data.contains(first.message.id.uuidString) })
                // Another rep cannot open it at all.
                try await client.execute(uri: "/v1/conversations/\(conversation.id)/events", method: .get, headers: Self.headers(Fixture.robKey)) { response in
                    #expect(response.status == .notFound)
                }
            }
        }
    }
}
