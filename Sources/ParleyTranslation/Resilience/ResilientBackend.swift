public import ParleyLanguage

/// A backend with retries (jittered backoff, `Retry-After` honoured) and a circuit breaker.
public struct ResilientBackend<Base: TranslationBackend>: TranslationBackend {
    public let base: Base
    public let retry: RetryPolicy
    public let breaker: CircuitBreaker
    private let sleep: @Sendable (Duration) async throws -> Void
    private let random: @Sendable () -> Double

    /// - Parameters:
    ///   - base: the backend.
    ///   - retry: when to try again.
    ///   - breaker: the circuit breaker for this backend.
    ///   - sleep: how to wait (tests pass their own).
    ///   - random: the jitter source, in 0..<1.
    public init(
        _ base: Base, retry: RetryPolicy = .init(), breaker: CircuitBreaker = CircuitBreaker(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.base = base
        self.retry = retry
        self.breaker = breaker
        self.sleep = sleep
        self.random = random
    }

    public var name: String { base.name }
    public var identity: String { base.identity }

    public func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        var attempt = 1
        while true {
            guard await breaker.allowCall() else {
                let remaining = await breaker.remainingOpenTime
                let until = remaining.map { " for \(TranslationError.wholeSeconds($0)) s" } ?? ""
                throw TranslationError(.circuitOpen, backend: name, retryAfter: remaining,
                                       message: "the backend failed repeatedly; calls are paused\(until)")
            }
            do {
                let result = try await base.translate(texts, from: source, to: target, options: options)
                await breaker.recordSuccess()
                return result
            } catch {
                switch error.code {
                case _ where error.isRetryable:
                    await breaker.recordFailure()
                case .cancelled, .notConfigured, .circuitOpen:
                    await breaker.recordAbandoned()  // says nothing about the backend's health
                default:
                    await breaker.recordSuccess()  // the backend answered; the request was the problem
                }
                guard let delay = retry.delay(after: error, attempt: attempt, random: random()) else { throw error }
                do {
                    try await sleep(delay)
                } catch {
                    throw TranslationError(.cancelled, backend: name, message: "cancelled while waiting to retry")
                }
                attempt += 1
            }
        }
    }

    public func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        try await base.supportedPairs()
    }

    public func health() async -> BackendHealth {
        if let remaining = await breaker.remainingOpenTime {
            return BackendHealth(isHealthy: false, detail: "circuit open for \(TranslationError.wholeSeconds(remaining)) s")
        }
        return await base.health()
    }
}
