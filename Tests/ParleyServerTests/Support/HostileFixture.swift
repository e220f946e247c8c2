import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ParleyGlossary
import ParleyLanguage
import ParleyTesting
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation

@testable import ParleyServer

/// The service the hostile-input suites attack: a real store (a new SQLite file; also a PostgreSQL
/// schema when PARLEY_POSTGRES_URL is set), two reps, an admin and the core with API keys, a
/// business number with a conversation and a template, the HVAC glossary in a folder of its own,
/// and the ``EchoBackend``, so nothing needs the network.
struct HostileFixture {
    static let danaKey = "dana-key-0123456789abcdef"
    static let robKey = "rob-key-0123456789abcdef"
    static let adminKey = "admin-key-0123456789abcdef"
    static let coreKey = "core-key-0123456789abcdef"
    static let authToken = Secret("twilio-test-token-0123456789abcdef")
    static let publicBaseURL = "https://parley.example.com"
    static let businessPhone = try! PhoneNumber(parsing: "+14105550100")
    static let contactPhone = try! PhoneNumber(parsing: "+525512345678")

    /// The service's logger: quiet, as hostile requests make it log a lot.
    static var logger: Logger {
        var logger = Logger(label: "parley.hostile")
        logger.logLevel = .critical
        return logger
    }

    /// The longest one request may take.
    static let timeLimit = 15.0

    /// SQLite always; PostgreSQL too when a server is configured.
    static var storeKinds: [StoreKind] {
        let postgres = ProcessInfo.processInfo.environment["PARLEY_POSTGRES_URL"].map { !$0.isEmpty } ?? false
        return postgres ? [.sqlite, .postgres] : [.sqlite]
    }

    let store: any ThreadStore
    let dana: Rep
    let rob: Rep
    let admin: Rep
    let number: BusinessNumber
    let contact: Contact
    let conversation: Conversation
    let template: StoredTemplate
    /// The glossary folder (the shipped HVAC glossary copied in).
    let glossaries: URL
    let shelf: GlossaryShelf

    /// Runs `body` with a fixture on a database and glossary folder of its own, removed afterwards.
    static func with(_ kind: StoreKind, _ body: (HostileFixture) async throws -> Void) async throws {
        try await withTestDatabase(kind) { database in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-hostile-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await body(try await HostileFixture(store: try await database.threadStore(), folder: folder))
        }
    }

    private init(store: any ThreadStore, folder: URL) async throws {
        self.store = store
        dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
        rob = try await store.createRep(name: "Rob", email: "rob@example.com", role: .rep)
        admin = try await store.createRep(name: "Ana", email: "ana@example.com", role: .admin)
        number = try await store.assignNumber(Self.businessPhone, to: dana.id)
        _ = try await store.assignNumber(try PhoneNumber(parsing: "+14105550200"), to: rob.id)
        contact = try await store.createContact(
            phone: Self.contactPhone, name: "María López", preferredLanguage: LanguageTag("es"), languageSource: .setByRep)
        conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
        template = try await store.createTemplate(repID: nil, name: "On the way", text: "Hi {{first_name}}, we are on the way.")
        glossaries = folder.appendingPathComponent("glossaries")
        try FileManager.default.createDirectory(at: glossaries, withIntermediateDirectories: true)
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("glossaries/hvac.tbx")
        try FileManager.default.copyItem(at: shipped, to: glossaries.appendingPathComponent("hvac.tbx"))
        shelf = try GlossaryShelf(loading: GlossaryLibrary(directory: glossaries), industry: "hvac")
    }

    /// The services; webhooks signed with ``authToken`` when `signed`.
    func services(signed: Bool = false) throws -> ParleyServices {
        let pipeline = TranslationPipeline(backend: EchoBackend(), detector: try LanguageDetector(), cache: nil)
        return ParleyServices(
            pipeline: pipeline.using(shelf.current), store: store, sender: LogSender(quiet: true),
            access: try AccessKeys(
                parsing: "core=\(Self.coreKey),rep:dana@example.com=\(Self.danaKey),rep:rob@example.com=\(Self.robKey),"
                    + "admin:ana@example.com=\(Self.adminKey)"),
            webhooks: signed ? WebhookSettings(authToken: Self.authToken, publicBaseURL: Self.publicBaseURL) : WebhookSettings(),
            glossaries: shelf)
    }

    /// Sends one request through the router, within ``timeLimit``.
    static func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields, body: [UInt8]?
    ) async throws -> TestResponse {
        try await Fuzz.withTimeout(timeLimit, "\(method) \(uri.prefix(200))") {
            try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) }) { $0 }
        }
    }
}

/// The answer every hostile request must get: a success, or a 4xx with problem details that say
/// what was wrong (RFC 9457: `application/problem+json` with a title, the status and a detail).
/// Never a 5xx.
enum HostileAnswer {
    struct ProblemBody: Decodable {
        var title: String
        var status: Int
        var detail: String
    }

    /// Checks an answer; returns the problem when it is a 4xx.
    @discardableResult
    static func check(_ response: TestResponse) throws(Fuzz.Failure) -> ProblemBody? {
        let code = response.status.code
        let body = String(buffer: response.body)
        try Fuzz.require(code < 500, "answered \(code) \(response.status.reasonPhrase): \(body.prefix(500))")
        try Fuzz.require((200..<300).contains(code) || (400..<500).contains(code), "answered \(code), neither a success nor a 4xx")
        guard code >= 400 else { return nil }
        try Fuzz.require(
            response.headers[.contentType] == "application/problem+json",
            "a \(code) answer is \(response.headers[.contentType] ?? "untyped"), not problem details: \(body.prefix(500))")
        guard let problem = try? JSONDecoder().decode(ProblemBody.self, from: Data(response.body.readableBytesView)) else {
            throw Fuzz.Failure("a \(code) answer's body is not problem details: \(body.prefix(500))")
        }
        try Fuzz.require(problem.status == code, "the problem says status \(problem.status), the answer is \(code)")
        try Fuzz.require(!problem.title.isEmpty && !problem.detail.isEmpty, "the problem has no title or detail: \(body.prefix(500))")
        return problem
    }
}
