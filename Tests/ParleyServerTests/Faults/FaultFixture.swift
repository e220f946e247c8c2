import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ParleyHTTP
import ParleyLanguage
import ParleyMessaging
import ParleyTesting
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Synchronization
import Testing

@testable import ParleyServer

/// The service as it runs for the fault suites: the app on a real loopback port, a real SQLite
/// file, and the real APy behind a ``FaultProxy``, with short time limits (1.5 s per backend call,
/// two tries, a circuit breaker that opens for one second) so every fault resolves in seconds.
struct FaultFixture {
    static let repKey = "dana-key-0123456789abcdef"
    static let businessPhone = try! PhoneNumber(parsing: "+14105550100")
    static let contactPhone = try! PhoneNumber(parsing: "+525512345678")
    static let inboundURL = ThreadFixture.publicBaseURL + "/webhooks/twilio/inbound"
    /// Requests to the service under test; its own limits are generous, the backend's are not.
    static let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))

    let proxy: FaultProxy
    let database: ParleyDatabase
    let store: SQLiteThreadStore
    let sender = HeldSender()
    let breaker: CircuitBreaker
    /// The breaker's clock: real time, moved on by `advance(by:)` so a test need not wait it out.
    let breakerTime = BreakerTime()
    let backendClient: ParleyHTTPClient
    let pipeline: TranslationPipeline
    let services: ParleyServices
    let number: BusinessNumber
    /// Each backend call's time limit (the configuration's `timeout` below).
    static let backendTimeout = Duration.milliseconds(1_500)

    /// Runs `body` with a fixture on an SQLite file of its own, removed afterwards.
    /// - Parameters:
    ///   - busyTimeout: how long the store waits for another connection's write lock.
    ///   - breakerThreshold: failures in a row that open the circuit.
    ///   - breakerOpen: how long it stays open.
    ///   - body: the test, given the fixture and the port the service listens on.
    static func with(
        busyTimeout: Duration = .seconds(5), breakerThreshold: Int = 20, breakerOpen: Duration = .seconds(1),
        _ body: @escaping @Sendable (FaultFixture, Int) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await FaultFixture(
                path: directory + "/parley.sqlite", busyTimeout: busyTimeout, breakerThreshold: breakerThreshold,
                breakerOpen: breakerOpen)
            defer {
                fixture.proxy.stop()
                try? fixture.database.close()
            }
            let app = buildApplication(fixture.services)
            try await app.test(.live) { client in
                try await body(fixture, try #require(client.port))
            }
        }
    }

    private init(
        path: String, busyTimeout: Duration, breakerThreshold: Int, breakerOpen: Duration
    ) async throws {
        let apertium = try ThreadFixture.apertiumURL()
        proxy = try FaultProxy(upstream: apertium)
        // The configuration `parley serve` builds from PARLEY_APERTIUM_URL, PARLEY_BACKEND_TIMEOUT_MS=1500,
        // PARLEY_BACKEND_CONNECT_TIMEOUT_MS=1000 and PARLEY_BACKEND_RETRIES=2.
        let settings = BackendConfiguration(
            chain: [.apertium(.init(url: proxy.baseURL))], attempts: 2, timeout: Self.backendTimeout)
        backendClient = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(1)))
        let breakerTime = self.breakerTime
        breaker = CircuitBreaker(
            failureThreshold: breakerThreshold, openDuration: breakerOpen, now: { ContinuousClock.now + breakerTime.offset })
        // What `BackendConfiguration.makeBackend` builds, with a breaker that closes again within the test.
        let retry = RetryPolicy(
            maximumAttempts: settings.attempts, baseDelay: .milliseconds(50), maximumDelay: .milliseconds(200),
            maximumRetryAfter: .seconds(2))
        let backend = Self.resilient(
            settings.chain[0].makeBackend(timeout: settings.timeout, client: backendClient), retry: retry, breaker: breaker)
        database = try ParleyDatabase(path: path, configuration: .init(busyTimeout: busyTimeout))
        store = SQLiteThreadStore(database: database)
        // As `parley serve` does: the conversation database holds the cache's persistent tier.
        pipeline = TranslationPipeline(
            backend: backend, detector: try LanguageDetector(),
            cache: TranslationCache(persistent: SQLiteTranslationCacheStore(database: database)))
        let rep = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
        number = try await store.assignNumber(Self.businessPhone, to: rep.id)
        services = ParleyServices(
            pipeline: pipeline, store: store, sender: sender,
            access: try AccessKeys(parsing: "rep:dana@example.com=\(Self.repKey)"),
            webhooks: WebhookSettings(
                authToken: ThreadFixture.authToken, publicBaseURL: ThreadFixture.publicBaseURL),
            // Each pass of the tests' worker is one more try: no backoff between them; a job whose
            // outcome could not be stored (a locked file) is claimed again after five seconds.
            messagingConfiguration: Messaging.Configuration(jobLease: .seconds(5), retryDelay: .zero))
    }

    private static func resilient<Base: TranslationBackend>(
        _ base: Base, retry: RetryPolicy, breaker: CircuitBreaker
    ) -> any TranslationBackend {
        ResilientBackend(base, retry: retry, breaker: breaker)
    }

    /// The workflows the service runs, whose jobs the tests run pass by pass.
    var messaging: Messaging { services.messaging! }

    /// One pass of the job worker `parley serve` runs: every due job tried once.
    /// - Returns: how many jobs ran.
    @discardableResult
    func runJobs() async -> Int {
        await messaging.runDueJobs()
    }

    // MARK: - Requests

    /// What the service answered.
    struct Reply: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        /// How long the answer took.
        var elapsed: Duration

        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.last { $0.name.lowercased() == name.lowercased() }?.value }
        /// The body as a JSON object (a problem, a preview, a sent message).
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        /// The body as a JSON array (a list of messages).
        var array: [[String: Any]] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] ?? [] }
        var isProblem: Bool { header("Content-Type") == "application/problem+json" }
        var detail: String { object["detail"] as? String ?? "" }
    }

    /// Sends a request to the service on `port`.
    static func request(
        _ method: String, _ path: String, port: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) async throws -> Reply {
        let start = ContinuousClock.now
        let response = try await client.execute(
            ParleyHTTPClient.Request(method: method, url: "http://127.0.0.1:\(port)\(path)", headers: headers, body: body))
        return Reply(status: response.status, headers: response.headers, body: response.body, elapsed: ContinuousClock.now - start)
    }

    /// Posts a signed Twilio inbound webhook, as Twilio sends it.
    static func inbound(_ text: String, sid: String, port: Int) async throws -> Reply {
        let webhook = TwilioWebhookRequest.inbound(body: text, sid: sid)
        let signature = TwilioWebhookRequest.signature(url: inboundURL, fields: webhook.fields, token: ThreadFixture.authToken.value)
        return try await request(
            "POST", "/webhooks/twilio/inbound", port: port,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("X-Twilio-Signature", signature)],
            body: Array(String(buffer: webhook.body).utf8))
    }

    /// A rep's API call with Dana's key and a JSON body.
    static func rep(_ method: String, _ path: String, port: Int, json: [String: Any]? = nil) async throws -> Reply {
        var headers = [(name: "Authorization", value: "Bearer \(repKey)")]
        var body: [UInt8] = []
        if let json {
            headers.append(("Content-Type", "application/json"))
            body = Array(try JSONSerialization.data(withJSONObject: json))
        }
        return try await request(method, path, port: port, headers: headers, body: body)
    }

    /// The thread's page in the web panel, as Dana's browser gets it after signing in with her key.
    static func threadPage(_ conversationID: UUID, port: Int) async throws -> Reply {
        func cookie(_ name: String, in reply: Reply) throws -> String {
            let header = try #require(reply.headers.first { $0.name.lowercased() == "set-cookie" && $0.value.hasPrefix(name + "=") })
            return String(header.value.prefix { $0 != ";" })
        }
        let form = try await request("GET", "/sign-in", port: port)
        let token = try #require(RouteScan.matches(#"name="csrf" value="([^"]+)""#, in: form.text).first?[1])
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let fields = [("csrf", token), ("email", "dana@example.com"), ("key", repKey)]
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        let signedIn = try await request(
            "POST", "/sign-in", port: port,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", try cookie("parley_signin", in: form))],
            body: Array(fields.utf8))
        #expect(signedIn.status == 303)
        return try await request("GET", "/conversations/\(conversationID)", port: port, headers: [("Cookie", try cookie("parley_session", in: signedIn))])
    }

    // MARK: - The store

    /// The contact's conversation, once the first webhook created it. Only reads, so it works
    /// while another connection holds the write lock.
    func conversationID() async throws -> UUID? {
        try await store.conversations(repID: number.repID, limit: 10, before: nil)
            .first { $0.contact.phone == Self.contactPhone }?.conversation.id
    }

    /// The conversation's messages, oldest first; none before the first webhook. Only reads.
    func messages() async throws -> [Message] {
        guard let id = try await conversationID() else { return [] }
        return try await store.messages(conversationID: id, afterSequence: 0, limit: 500)
    }

    /// The stored messages with this provider identifier.
    func messages(sid: String) async throws -> [Message] {
        try await messages().filter { $0.providerMessageID == sid }
    }

    /// Runs passes of the job worker until `done` holds for the stored messages (at most
    /// `passes`); true when it held.
    /// A pass that finds the circuit still open waits a little for the breaker's own clock.
    func runWorker(until done: @escaping @Sendable ([Message]) -> Bool, passes: Int = 300) async throws -> Bool {
        for _ in 0..<passes {
            if done(try await messages()) { return true }
            await runJobs()
            if done(try await messages()) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return done(try await messages())
    }
}

/// Real time plus an offset a test moves on: a circuit opened for an hour closes when the test
/// says the hour is up, however busy the machine is.
final class BreakerTime: Sendable {
    private let moved = Mutex(Duration.zero)
    var offset: Duration { moved.withLock { $0 } }
    func advance(by duration: Duration) { moved.withLock { $0 += duration } }
}
