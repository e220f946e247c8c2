import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Synchronization
import Testing

/// A real store (a new SQLite file or PostgreSQL schema) on a clock that moves when told, a rep and
/// an admin with a number each, the real APy behind a pipeline that counts its calls, and a sender
/// that records what it is handed.
struct MessagingFixture {
    static let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(20)))
    static let danaNumber = try! PhoneNumber(parsing: "+14105550100")
    static let leoNumber = try! PhoneNumber(parsing: "+14105550199")

    let database: TestDatabase
    let store: any ThreadStore
    let clock: TestClock
    let backend: CountingBackend
    let sender: RecordingSender
    let dana: Rep
    let leo: Rep
    let admin: Rep
    let danaNumber: BusinessNumber
    let leoNumber: BusinessNumber

    static func with(_ kind: StoreKind, _ body: (MessagingFixture) async throws -> Void) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock(Date().timeIntervalSince1970)
            let store = try await database.threadStore(now: clock.now)
            let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let leo = try await store.createRep(name: "Leo", email: "leo@example.com", role: .rep)
            let admin = try await store.createRep(name: "Ada", email: "ada@example.com", role: .admin)
            let fixture = MessagingFixture(
                database: database, store: store, clock: clock, backend: CountingBackend(try apertium()), sender: RecordingSender(),
                dana: dana, leo: leo, admin: admin,
                danaNumber: try await store.assignNumber(danaNumber, to: dana.id),
                leoNumber: try await store.assignNumber(leoNumber, to: leo.id))
            try await body(fixture)
        }
    }

    /// The APy backend the test scripts start.
    static func apertium() throws -> ApertiumBackend {
        let url = ProcessInfo.processInfo.environment["PARLEY_APERTIUM_URL"] ?? ""
        try #require(!url.isEmpty, "PARLEY_APERTIUM_URL is not set: run the tests with scripts/test")
        return ApertiumBackend(baseURL: url, client: client)
    }

    /// The workflows over this fixture's store, clock, backend and sender.
    func messaging(store: (any ThreadStore)? = nil, worker: String = "test-worker", pipeline: TranslationPipeline? = nil) throws -> Messaging {
        let pipeline = try pipeline ?? TranslationPipeline(backend: backend, detector: try LanguageDetector())
        return Messaging(
            store: store ?? self.store, pipeline: { pipeline }, sender: sender,
            configuration: .init(jobLease: .seconds(60), retryDelay: .seconds(5), maximumRetryDelay: .seconds(60), workerName: worker),
            now: clock.now)
    }

    /// An SMS from a contact to Dana's number.
    func sms(_ body: String, from phone: String = "+525512345678", sid: String = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "")) -> InboundSMS {
        InboundSMS(from: try! PhoneNumber(parsing: phone), to: Self.danaNumber, body: body, providerMessageID: sid)
    }
}

/// A backend that forwards to another and counts each text it is asked to translate.
final class CountingBackend: TranslationBackend {
    let base: any TranslationBackend
    private let counts = Mutex<[String: Int]>([:])
    private let down = Mutex(false)

    init(_ base: any TranslationBackend) { self.base = base }

    var name: String { base.name }
    var identity: String { base.identity }

    /// How many texts it was asked to translate in all.
    var calls: Int { counts.withLock { $0.values.reduce(0, +) } }
    /// How many times each text was asked for.
    var perText: [String: Int] { counts.withLock { $0 } }
    /// While true, every call fails as an unreachable backend would.
    func setDown(_ value: Bool) { down.withLock { $0 = value } }

    func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        if down.withLock({ $0 }) { throw TranslationError(.unavailable, backend: base.name, message: "the test stopped the backend") }
        counts.withLock { counts in for text in texts { counts[text, default: 0] += 1 } }
        return try await base.translate(texts, from: source, to: target, options: options)
    }

    func supportedPairs() async throws(TranslationError) -> [LanguagePair] { try await base.supportedPairs() }
    func health() async -> BackendHealth { await base.health() }
}

/// A sender that records every message it is handed, and fails as told.
final class RecordingSender: MessageSender {
    struct Sent: Sendable, Hashable {
        var body: String
        var to: PhoneNumber
    }

    let name = "recording"
    private let log = Mutex<[Sent]>([])
    private let failures = Mutex<[SendError]>([])

    var sent: [Sent] { log.withLock { $0 } }

    /// The next calls fail with these errors, in order.
    func fail(with errors: [SendError]) { failures.withLock { $0 = errors } }

    func send(_ body: String, from: PhoneNumber, to: PhoneNumber) async throws(SendError) -> String {
        if let failure = failures.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw failure }
        return log.withLock { log in
            log.append(Sent(body: body, to: to))
            return "SMrecorded\(log.count)"
        }
    }
}
