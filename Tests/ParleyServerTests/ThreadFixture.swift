import Foundation
import Hummingbird
import ParleyHTTP
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

@testable import ParleyServer

/// A real store (a new SQLite file or a new PostgreSQL schema), a rep with a business number, and
/// the real APy behind the pipeline.
struct ThreadFixture {
    static let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(20)))
    static let businessPhone = try! PhoneNumber(parsing: "+14105550100")
    static let contactPhone = try! PhoneNumber(parsing: "+525512345678")
    static let authToken = Secret("twilio-test-token-0123456789abcdef")
    static let publicBaseURL = "https://parley.example.com"

    let store: any ThreadStore
    let number: BusinessNumber

    /// Runs `body` with a fixture on a database of its own, removed afterwards.
    /// - Parameters:
    ///   - kind: SQLite or PostgreSQL.
    ///   - body: the test.
    static func with(_ kind: StoreKind, _ body: (ThreadFixture) async throws -> Void) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.threadStore()
            let rep = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let number = try await store.assignNumber(Self.businessPhone, to: rep.id)
            try await body(ThreadFixture(store: store, number: number))
        }
    }

    /// The APy URL the test scripts export.
    static func apertiumURL() throws -> String {
        let url = ProcessInfo.processInfo.environment["PARLEY_APERTIUM_URL"] ?? ""
        try #require(!url.isEmpty, "PARLEY_APERTIUM_URL is not set: run the tests with scripts/test")
        return url
    }

    /// A pipeline over the real APy, or over a refused port when `down`.
    static func pipeline(down: Bool = false) throws -> TranslationPipeline {
        let url = down ? "http://127.0.0.1:9" : try apertiumURL()
        return TranslationPipeline(backend: ApertiumBackend(baseURL: url, client: client), detector: try LanguageDetector())
    }

    /// The services: the store, the pipeline, signed webhooks when `signed`.
    func services(backendDown: Bool = false, signed: Bool = true, access: AccessKeys = AccessKeys()) throws -> ParleyServices {
        ParleyServices(
            pipeline: try Self.pipeline(down: backendDown), store: store, sender: LogSender(quiet: true), access: access,
            webhooks: signed ? WebhookSettings(authToken: Self.authToken, publicBaseURL: Self.publicBaseURL) : WebhookSettings())
    }

    /// The service's router.
    static func router(_ services: ParleyServices) -> Router<ParleyRequestContext> {
        buildRouter(services)
    }

    /// Runs the jobs that are due (the inbound translations a webhook left, the sends) with the
    /// real APy, as a replica's job worker would.
    func translatePending() async throws {
        let pipeline = try Self.pipeline()
        await Messaging(store: store, pipeline: { pipeline }, sender: LogSender(quiet: true)).drainJobs()
    }

    /// The only conversation's messages, oldest first.
    func messages() async throws -> [Message] {
        guard let contact = try await store.contact(phone: Self.contactPhone) else { return [] }
        let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
        return try await store.messages(conversationID: conversation.id, afterSequence: 0, limit: 100)
    }
}
