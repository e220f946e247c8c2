import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

@testable import ParleyServer

/// What a rep reads when translation fails is plain: what happened and what to do, in whole
/// seconds, with no host, port, backend or error-kind name; an admin also gets the technical
/// detail (`adminDetail`), and the library's failure says the same as the API. The backend is an
/// APy address nothing listens on (127.0.0.1:9), on its own and behind an open circuit breaker.
@Suite struct PlainErrorTests {
    static let repKey = "dana-key-0123456789abcdef"
    static let adminKey = "admin-key-0123456789abcdef"
    static let down = "http://127.0.0.1:9"
    static let reply = "Your technician arrives tomorrow at 3 PM."

    /// What no rep should read: the address, the port, the backend's and the kinds' names.
    static let internals = ["127.0.0.1", ":9", "port", "apertium", "Apertium", "circuitOpen", "unavailable", "HTTP", "Optional", "29.7"]

    struct Setup {
        let services: ParleyServices
        let conversation: Conversation
        let contact: Contact
        let number: BusinessNumber
    }

    /// The service over `backend`, with a rep (Dana) texting a Spanish-speaking contact, and an admin.
    static func setUp(_ store: any ThreadStore, backend: any TranslationBackend) async throws -> Setup {
        let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
        _ = try await store.createRep(name: "Ana", email: "ana@example.com", role: .admin)
        let number = try await store.assignNumber(try PhoneNumber(parsing: "+1 410 555 0100"), to: dana.id)
        let contact = try await store.createContact(
            phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "Rosa Díaz", preferredLanguage: LanguageTag("es"), languageSource: .setByRep)
        let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
        let services = ParleyServices(
            pipeline: TranslationPipeline(backend: backend, detector: try LanguageDetector()), store: store, sender: LogSender(quiet: true),
            access: try AccessKeys(parsing: "rep:dana@example.com=\(repKey),admin:ana@example.com=\(adminKey)"))
        return Setup(services: services, conversation: conversation, contact: contact, number: number)
    }

    static func post(
        _ client: some TestClientProtocol, _ uri: String, key: String, _ json: String
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: [String: Any]) {
        try await client.execute(
            uri: uri, method: .post, headers: ConversationsAPITests.headers(key), body: ByteBuffer(string: json)
        ) { response throws in
            (response.status, response.headers, try ConversationsAPITests.json(response.body))
        }
    }

    static func expectPlain(_ text: String, _ comment: Comment? = nil) {
        for word in internals { #expect(!text.contains(word), "\(comment?.description ?? "") “\(word)” in: \(text)") }
    }

    @Test(arguments: StoreKind.allCases) func aBackendThatIsDownIsPlainForARepAndDetailedForAnAdmin(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let setup = try await Self.setUp(
                try await database.threadStore(), backend: ApertiumBackend(baseURL: Self.down, client: ThreadFixture.client))
            try await buildApplication(setup.services).test(.router) { client in
                let body = #"{"text": "\#(Self.reply)"}"#
                for route in ["preview", "messages"] {
                    let uri = "/v1/conversations/\(setup.conversation.id)/\(route)"
                    let rep = try await Self.post(client, uri, key: Self.repKey, body)
                    #expect(rep.status == .serviceUnavailable)
                    let detail = rep.body["detail"] as? String ?? ""
                    #expect(detail == "The translation service did not answer. Nothing was sent; try again shortly.", "\(route)")
                    Self.expectPlain(detail, "\(route)")
                    #expect(rep.body["adminDetail"] == nil, "a rep is not given the detail")

                    let admin = try await Self.post(client, uri, key: Self.adminKey, body)
                    #expect(admin.status == .serviceUnavailable)
                    #expect(admin.body["detail"] as? String == detail)
                    let technical = admin.body["adminDetail"] as? String ?? ""
                    #expect(technical.contains("apertium") && technical.contains("unavailable"), "\(technical)")
                }
                // The bare preview's failure is the library's plain message too.
                let bare = try await Self.post(client, "/v1/preview", key: Self.repKey, #"{"text": "\#(Self.reply)", "language": "es"}"#)
                #expect(bare.status == .ok)
                #expect(bare.body["failure"] as? String == "The translation service did not answer.")
            }
            // An inbound message waits with a plain reason, shown to the rep as it is stored.
            let messaging = try #require(setup.services.messaging)
            _ = try await messaging.receive(
                InboundSMS(from: setup.contact.phone, to: setup.number.phone, body: "Hola, ¿a qué hora llega el técnico?", providerMessageID: "SMplain1"))
            #expect(await messaging.runDueJobs() == 1)
            let stored = try #require(try await setup.services.store?.latestMessages(conversationID: setup.conversation.id, beforeSequence: nil, limit: 5).last)
            #expect(stored.translationStatus == .pending)
            #expect(stored.translationError == "Translation pending. The translation service did not answer.")
        }
    }

    @Test func anOpenCircuitSaysHowManyWholeSecondsAreLeft() async throws {
        let start = ContinuousClock.now
        // The breaker's clock stands still: the circuit is open 29.773 s from now whenever it is read.
        let breaker = CircuitBreaker(failureThreshold: 1, openDuration: .milliseconds(29_773), now: { start })
        let backend = ResilientBackend(ApertiumBackend(baseURL: Self.down, client: ThreadFixture.client), retry: .none, breaker: breaker)
        try await withTestDatabase(.sqlite) { database in
            let setup = try await Self.setUp(try await database.threadStore(), backend: backend)
            try await buildApplication(setup.services).test(.router) { client in
                let uri = "/v1/conversations/\(setup.conversation.id)/preview"
                let body = #"{"text": "\#(Self.reply)"}"#
                // The first failure opens the circuit.
                #expect(try await Self.post(client, uri, key: Self.repKey, body).status == .serviceUnavailable)
                if case .open = await breaker.state {} else { Issue.record("the circuit is not open") }

                let rep = try await Self.post(client, uri, key: Self.repKey, body)
                #expect(rep.status == .serviceUnavailable)
                let detail = rep.body["detail"] as? String ?? ""
                #expect(detail == "Translation is paused for 30 s after repeated failures. Nothing was sent; try again in 30 s.")
                Self.expectPlain(detail)
                #expect(rep.headers[.retryAfter] == "30")
                #expect(rep.body["adminDetail"] == nil)

                let admin = try await Self.post(client, "/v1/conversations/\(setup.conversation.id)/messages", key: Self.adminKey, body)
                #expect(admin.body["detail"] as? String == detail)
                let technical = admin.body["adminDetail"] as? String ?? ""
                #expect(technical.contains("circuitOpen") && technical.contains("30 s"), "\(technical)")
                #expect(!technical.contains("29.7"), "\(technical)")
            }
        }
        let health = await backend.health()
        #expect(health.detail == "circuit open for 30 s")
    }

    @Test func theLibrarysFailuresArePlainWithWholeSeconds() {
        let paused = TranslationError(.circuitOpen, backend: "apertium", retryAfter: .milliseconds(29_773), message: "paused")
        #expect(paused.plainMessage == "Translation is paused for 30 s after repeated failures.")
        #expect(paused.retryAfterSeconds == 30)
        #expect(TranslationError.wholeSeconds(.seconds(30)) == 30)
        #expect(TranslationError.wholeSeconds(.milliseconds(1)) == 1)
        let pair = TranslationError(
            .unsupportedPair, backend: "apertium", message: "Apertium has no code for en→xx; route this pair to another backend")
        let failure = PipelineFailure.translation(pair)
        #expect(failure.message == "No translation service here translates between these two languages; an admin can add one.")
        #expect(failure.detail.contains("unsupportedPair") && failure.detail.contains("route this pair"))
        let kinds: [TranslationError.Code] = [
            .authentication, .quotaExceeded, .rateLimited, .unsupportedPair, .textTooLong, .invalidRequest, .badResponse, .timeout,
            .unavailable, .circuitOpen, .notConfigured, .cancelled,
        ]
        for kind in kinds {
            let plain = TranslationError(kind, backend: "deepl", status: 503, message: "deepl.example:443 said no").plainMessage
            Self.expectPlain(plain, "\(kind)")
            #expect(!plain.contains(kind.description) && !plain.contains("deepl") && !plain.contains("443"), "\(kind): \(plain)")
        }
    }

    @Test func queriesAreReadAsFormsSendThem() {
        let query = FormQuery("q=Rosa+D%C3%ADaz&lang=es&empty=&plus=%2B1+410&odd=100%&q=second&na%6De=x")
        #expect(query["q"] == "Rosa Díaz")
        #expect(query.values("q") == ["Rosa Díaz", "second"])
        #expect(query["lang"] == "es")
        #expect(query["empty"] == "")
        #expect(query["plus"] == "+1 410")
        #expect(query["odd"] == "100%")
        #expect(query["name"] == "x")
        #expect(query["missing"] == nil)
        #expect(FormQuery(nil)["q"] == nil)
        #expect(FormQuery("q=%FF")["q"] == "\u{FFFD}")
    }

    @Test(arguments: StoreKind.allCases) func aFullNameTypedIntoASearchFormFindsTheContact(_ kind: StoreKind) async throws {
        try await ConversationsAPITests.Fixture.with(kind) { fixture in
            let rosa = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "Rosa Díaz", preferredLanguage: LanguageTag("es"), languageSource: .setByRep)
            _ = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: rosa.id)
            try await fixture.app().test(.router) { client in
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: ConversationsAPITests.Fixture.danaKey)
                // As the browser sends the form, and as a client writes it with %20.
                for query in ["Rosa+D%C3%ADaz", "Rosa%20D%C3%ADaz", "rosa+diaz"] {
                    let page = try await WebTests.send(client, "/contacts?q=\(query)", headers: dana.headers)
                    #expect(page.body.contains("href=\"/contacts/\(rosa.id)\""), "\(query)")
                    #expect(page.body.contains("value=\"Rosa Díaz\"") || page.body.contains("value=\"rosa diaz\""), "\(query): the box shows it with its space")
                    try await client.execute(
                        uri: "/v1/contacts?q=\(query)", method: .get, headers: ConversationsAPITests.headers(ConversationsAPITests.Fixture.danaKey)
                    ) { response throws in
                        #expect(try ConversationsAPITests.jsonArray(response.body).compactMap { $0["name"] as? String } == ["Rosa Díaz"], "\(query)")
                    }
                    try await client.execute(
                        uri: "/v1/conversations?q=\(query)", method: .get, headers: ConversationsAPITests.headers(ConversationsAPITests.Fixture.danaKey)
                    ) { response throws in
                        #expect(try ConversationsAPITests.jsonArray(response.body).count == 1, "\(query)")
                    }
                }
            }
        }
    }
}
