import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyTesting
import ParleyTranslation
import Testing

/// Retries, circuit breaking, fallback and routing, over real HTTP: a fake APy on loopback fails
/// on cue (the real one cannot be told to answer 503 or 429).
@Suite struct ResilienceTests {
    static let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(1), timeout: .seconds(3)))
    let es = LanguageTag("es")!
    let en = LanguageTag("en")!

    /// A fake APy answering from a script of replies (the last one repeats), echoing `q` upper-cased.
    static func apy(_ script: [FakeHTTPServer.Reply?]) throws -> FakeHTTPServer {
        let counter = Counter()
        return try FakeHTTPServer { request in
            let index = counter.next()
            if let reply = script[min(index, script.count - 1)] { return reply }
            let q = request.form["q"]?.first ?? ""
            return .json(200, ["responseData": ["translatedText": q.uppercased()], "responseDetails": NSNull(), "responseStatus": 200])
        }
    }

    /// Records the back-off delays instead of sleeping.
    final class Sleeps: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Duration] = []
        func record(_ duration: Duration) { lock.lock(); values.append(duration); lock.unlock() }
        var all: [Duration] { lock.lock(); defer { lock.unlock() }; return values }
    }

    @Test func retryPolicyDelays() {
        let policy = RetryPolicy(maximumAttempts: 4, baseDelay: .milliseconds(100), maximumDelay: .seconds(1), maximumRetryAfter: .seconds(5))
        let unavailable = TranslationError(.unavailable, backend: "x", message: "")
        #expect(policy.delay(after: unavailable, attempt: 1, random: 1) == .milliseconds(100))
        #expect(policy.delay(after: unavailable, attempt: 3, random: 0.5) == .milliseconds(200))
        #expect(policy.delay(after: unavailable, attempt: 4, random: 0.5) == nil)  // attempts used up
        #expect(policy.delay(after: TranslationError(.rateLimited, backend: "x", retryAfter: .seconds(2), message: ""), attempt: 1, random: 0) == .seconds(2))
        #expect(policy.delay(after: TranslationError(.rateLimited, backend: "x", retryAfter: .seconds(60), message: ""), attempt: 1, random: 0) == nil)
        #expect(policy.delay(after: TranslationError(.authentication, backend: "x", message: ""), attempt: 1, random: 0) == nil)
    }

    @Test func circuitBreakerOpensHalfOpensAndCloses() async {
        let clock = ManualClock()
        let breaker = CircuitBreaker(failureThreshold: 2, openDuration: .seconds(30), now: { clock.now })
        #expect(await breaker.allowCall())
        await breaker.recordFailure()
        #expect(await breaker.allowCall())
        await breaker.recordFailure()
        #expect(await !breaker.allowCall())           // open
        clock.advance(.seconds(31))
        #expect(await breaker.allowCall())            // half-open: one trial
        #expect(await !breaker.allowCall())           // only one
        await breaker.recordFailure()                 // the trial failed: open again
        #expect(await !breaker.allowCall())
        clock.advance(.seconds(31))
        #expect(await breaker.allowCall())
        await breaker.recordSuccess()
        #expect(await breaker.state == .closed)
        #expect(await breaker.allowCall())
    }

    @Test func abandonedTrialDoesNotCloseTheCircuit() async {
        let clock = ManualClock()
        let breaker = CircuitBreaker(failureThreshold: 1, openDuration: .seconds(5), now: { clock.now })
        await breaker.recordFailure()
        clock.advance(.seconds(6))
        #expect(await breaker.allowCall())   // the half-open trial
        await breaker.recordAbandoned()      // cancelled: says nothing about the backend
        #expect(await breaker.state == .halfOpen)
        #expect(await breaker.allowCall())   // the next caller gets the trial
    }

    @Test func retriesServerErrorsThenSucceeds() async throws {
        let server = try Self.apy([.json(503, ["status": "error", "code": 503, "explanation": "internal error"]), .json(502, ["explanation": "bad gateway"]), nil])
        let sleeps = Sleeps()
        let backend = ResilientBackend(ApertiumBackend(baseURL: server.baseURL, client: Self.client),
                                       retry: RetryPolicy(maximumAttempts: 3), sleep: { sleeps.record($0) }, random: { 0.5 })
        #expect(try await backend.translate("hola", from: es, to: en) == "HOLA")
        #expect(server.requests.count == 3)
        #expect(sleeps.all == [.milliseconds(100), .milliseconds(200)])
    }

    @Test func honoursRetryAfter() async throws {
        let server = try Self.apy([.json(429, ["explanation": "slow down"], headers: [("Retry-After", "2")]), nil])
        let sleeps = Sleeps()
        let backend = ResilientBackend(ApertiumBackend(baseURL: server.baseURL, client: Self.client), sleep: { sleeps.record($0) })
        #expect(try await backend.translate("hola", from: es, to: en) == "HOLA")
        #expect(sleeps.all == [.seconds(2)])
    }

    @Test func doesNotRetryWhatCannotSucceed() async throws {
        let server = try Self.apy([.json(400, ["status": "error", "code": 400, "explanation": "That pair is not installed"])])
        let backend = ResilientBackend(ApertiumBackend(baseURL: server.baseURL, client: Self.client), sleep: { _ in })
        await #expect {
            try await backend.translate("hola", from: es, to: en)
        } throws: { error in
            (error as? TranslationError)?.code == .unsupportedPair
        }
        #expect(server.requests.count == 1)
    }

    @Test func openCircuitStopsCallsUntilItCloses() async throws {
        let server = try Self.apy([.json(503, ["explanation": "down"])])
        let clock = ManualClock()
        let breaker = CircuitBreaker(failureThreshold: 3, openDuration: .seconds(10), now: { clock.now })
        let backend = ResilientBackend(ApertiumBackend(baseURL: server.baseURL, client: Self.client),
                                       retry: .none, breaker: breaker, sleep: { _ in })
        for _ in 0..<3 {
            await #expect(throws: TranslationError.self) { try await backend.translate("hola", from: es, to: en) }
        }
        await #expect {
            try await backend.translate("hola", from: es, to: en)
        } throws: { error in
            (error as? TranslationError)?.code == .circuitOpen
        }
        #expect(server.requests.count == 3)  // the open circuit sent nothing
        #expect(await !backend.health().isHealthy)
    }

    @Test func fallsBackToTheNextBackend() async throws {
        let down = try Self.apy([.json(503, ["explanation": "down"])])
        let up = try Self.apy([nil])
        let chain = FallbackBackend([
            ResilientBackend(ApertiumBackend(baseURL: down.baseURL, client: Self.client), retry: .none),
            ApertiumBackend(baseURL: up.baseURL, client: Self.client),
        ])
        #expect(try await chain.translate("hola", from: es, to: en) == "HOLA")
        #expect(down.requests.count == 1)
        #expect(up.requests.count == 1)
    }

    @Test func allBackendsFailingSaysWhy() async throws {
        let first = try Self.apy([.json(503, ["explanation": "down"])])
        let second = try Self.apy([.json(400, ["explanation": "That pair is not installed"])])
        let chain = FallbackBackend([ApertiumBackend(baseURL: first.baseURL, client: Self.client),
                                     ApertiumBackend(baseURL: second.baseURL, client: Self.client)])
        await #expect {
            try await chain.translate("hola", from: es, to: en)
        } throws: { error in
            let description = (error as? TranslationError)?.description ?? ""
            return description.contains("every backend failed") && description.contains("unavailable") && description.contains("unsupportedPair")
        }
    }

    @Test func routesEachPairToItsBackend() async throws {
        let spanish = try Self.apy([nil])
        let other = try Self.apy([nil])
        let router = RoutingBackend([
            .init(source: "es", target: "en", backend: ApertiumBackend(baseURL: spanish.baseURL, client: Self.client)),
            .init(source: "*", target: "*", backend: ApertiumBackend(baseURL: other.baseURL, client: Self.client)),
        ])
        _ = try await router.translate("hola", from: LanguageTag("es-MX")!, to: en)
        _ = try await router.translate("hello", from: en, to: es)
        #expect(spanish.requests.map { $0.form["langpair"]?.first } == ["spa|eng"])
        #expect(other.requests.map { $0.form["langpair"]?.first } == ["eng|spa"])
        let none = RoutingBackend([.init(source: "es", target: "en", backend: ApertiumBackend(baseURL: spanish.baseURL, client: Self.client))])
        await #expect(throws: TranslationError.self) { try await none.translate("x", from: en, to: es) }
    }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = ContinuousClock.now
    var now: ContinuousClock.Instant { lock.lock(); defer { lock.unlock() }; return current }
    func advance(_ duration: Duration) { lock.lock(); current += duration; lock.unlock() }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { value += 1; lock.unlock() }; return value }
}
