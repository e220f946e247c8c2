import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyLanguage
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

@testable import ParleyServer

/// `POST /v1/leads` over the real APy and each store (a real SQLite file, a real PostgreSQL schema).
@Suite struct LeadsTests {
    static let coreKey = "core-key-0123456789abcdef"
    static let repKey = "rep-key-0123456789abcdef"

    static func access() -> AccessKeys {
        AccessKeys([(Secret(coreKey), .core), (Secret(repKey), .person(email: "dana@example.com"))])
    }

    static func headers(_ key: String?) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let key { headers[.authorization] = "Bearer \(key)" }
        return headers
    }

    static let spanishLead = """
        {"number": "+14105550100", "phone": "+52 55 1234 5678", "name": "María López", "source": "otto",
         "transcript": [
           {"speaker": "bot", "text": "¡Hola! Soy el asistente de Cool Air. ¿En qué le podemos ayudar?", "at": "2025-05-01T14:00:00Z"},
           {"speaker": "contact", "text": "Mi aire acondicionado no enfría y hace mucho calor en la casa.", "at": "2025-05-01T14:00:30Z"},
           {"speaker": "bot", "text": "Lo siento. ¿Cuándo le viene bien una visita?", "at": "2025-05-01T14:01:00.250Z"},
           {"speaker": "contact", "text": "Mañana por la tarde, por favor.", "at": "2025-05-01T14:01:40Z"}
         ]}
        """

    @Test(arguments: StoreKind.allCases) func aSpanishLeadBecomesTheThreadsFirstMessages(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let app = Application(router: ThreadFixture.router(try fixture.services(access: Self.access())))
            let answer = try await app.test(.router) { client in
                try await client.execute(
                    uri: "/v1/leads", method: .post, headers: Self.headers(Self.coreKey), body: ByteBuffer(string: Self.spanishLead)
                ) { response in
                    #expect(response.status == .created)
                    return String(buffer: response.body)
                }
            }
            let body = try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any])
            #expect(body["language"] as? String == "es")
            let contact = try #require(try await fixture.store.contact(phone: ThreadFixture.contactPhone))
            #expect(body["contactID"] as? String == contact.id.uuidString)
            #expect(contact.name == "María López")
            #expect(contact.preferredLanguage?.language == "es")
            #expect(contact.languageSource == .detected)

            let leadID = try #require((body["leadID"] as? String).flatMap(UUID.init(uuidString:)))
            let lead = try await fixture.store.lead(id: leadID)
            #expect(lead.source == "otto")
            #expect(lead.transcript.count == 4)
            #expect(lead.conversationID.uuidString == body["conversationID"] as? String)

            // The contact's turns wait for their translation jobs; the bot's were sent as written.
            let waiting = try await fixture.messages()
            #expect(waiting.filter { $0.direction == .inbound }.allSatisfy { $0.translationStatus == .pending })
            try await fixture.translatePending()
            let messages = try await fixture.messages()
            #expect(messages.map(\.direction) == [.outbound, .inbound, .outbound, .inbound])
            #expect(messages.map(\.sequence) == [1, 2, 3, 4])
            #expect(messages.allSatisfy { $0.leadID == leadID })
            // The bot's turn was sent as written and reads in English for the rep.
            #expect(messages[0].sentText == "¡Hola! Soy el asistente de Cool Air. ¿En qué le podemos ayudar?")
            #expect(messages[0].original != messages[0].sentText)
            #expect(messages[0].original.contains("Cool Air"))
            #expect(messages[1].original == "Mi aire acondicionado no enfría y hace mucho calor en la casa.")
            #expect(messages[1].translationStatus == .translated || messages[1].translationStatus == .needsReview)
            #expect(messages[1].shownText != messages[1].original)
            #expect(messages[1].detectedLanguage?.language == "es")
            #expect(messages[3].detectedLanguage?.language == "es")
            #expect(messages[3].shownText != messages[3].original)
            #expect(messages[0].createdAt == ISO8601DateFormatter().date(from: "2025-05-01T14:00:00Z"))
            #expect(messages[3].createdAt == ISO8601DateFormatter().date(from: "2025-05-01T14:01:40Z"))
        }
    }

    @Test(arguments: StoreKind.allCases) func onlyTheCoreOrAnAdminMayImport(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let app = Application(router: ThreadFixture.router(try fixture.services(access: Self.access())))
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/leads", method: .post, headers: Self.headers(nil), body: ByteBuffer(string: Self.spanishLead)) {
                    #expect($0.status == .unauthorized)
                }
                try await client.execute(uri: "/v1/leads", method: .post, headers: Self.headers(Self.repKey), body: ByteBuffer(string: Self.spanishLead)) {
                    #expect($0.status == .forbidden)
                    #expect($0.headers[.contentType] == "application/problem+json")
                }
            }
            #expect(try await fixture.store.contact(phone: ThreadFixture.contactPhone) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func invalidLeadsAreProblems(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let app = Application(router: ThreadFixture.router(try fixture.services(access: Self.access())))
            try await app.test(.router) { client in
                for (body, status) in [
                    (#"{"number": "+14105550100", "phone": "nope", "transcript": []}"#, HTTPResponse.Status.badRequest),
                    (#"{"number": "+14105550100", "phone": "+525512345678", "transcript": [{"speaker": "agent", "text": "Hi"}]}"#, .badRequest),
                    (#"{"number": "+14105550100", "phone": "+525512345678", "transcript": [{"speaker": "bot", "text": "Hi", "at": "yesterday"}]}"#, .badRequest),
                    (#"{"number": "+14105550100", "phone": "+525512345678", "transcript": [{"speaker": "bot", "text": "  "}]}"#, .badRequest),
                    (#"{"number": "+14105550199", "phone": "+525512345678", "transcript": []}"#, .notFound),
                    (#"{"phone": "+525512345678"}"#, .badRequest),
                ] {
                    try await client.execute(uri: "/v1/leads", method: .post, headers: Self.headers(Self.coreKey), body: ByteBuffer(string: body)) {
                        #expect($0.status == status, "\(body)")
                        #expect($0.headers[.contentType] == "application/problem+json")
                    }
                }
            }
            #expect(try await fixture.store.contact(phone: ThreadFixture.contactPhone) == nil)
        }
    }
}
