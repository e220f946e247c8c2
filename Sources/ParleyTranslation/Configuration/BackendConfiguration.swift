public import ParleyHTTP

/// Which translation backends to use and how: a fallback chain, per-pair routes, retries and the
/// time limit of each request. Every field has a default (Apertium APy on `http://127.0.0.1:2737`).
///
/// ```swift
/// let configuration = BackendConfiguration(
///     chain: [.deepL(.init(key: Secret(deeplKey))), .apertium(.init())],
///     routes: [.init(source: "es", target: "en", chain: [.apertium(.init())])])
/// let backend = configuration.makeBackend()
/// ```
///
/// Time limits: ``timeout`` bounds each request a backend sends (it replaces the HTTP client's own
/// request limit); the time to connect is the client's `ParleyHTTPClient.Configuration.connectTimeout` (ParleyHTTP).
public struct BackendConfiguration: Sendable {
    /// A pair of languages sent to a chain of its own.
    public struct Route: Sendable {
        /// The source language (`es`, or a full tag such as `pt-BR`), or `*` for any.
        public var source: String
        /// The target language, or `*` for any.
        public var target: String
        /// The backends to try, first choice first.
        public var chain: [Engine]

        /// - Parameters:
        ///   - source: the source language, or `*` for any.
        ///   - target: the target language, or `*` for any.
        ///   - chain: the backends to try, first choice first.
        public init(source: String, target: String, chain: [Engine]) {
            self.source = source
            self.target = target
            self.chain = chain
        }
    }

    /// The backends tried in order for a pair no route claims (a fallback chain).
    public var chain: [Engine]
    /// Per-pair routes; the first that matches wins, then ``chain``.
    public var routes: [Route]
    /// Tries per backend call, the first included, on rate limits, 5xx and time-outs (jittered
    /// backoff honouring `Retry-After`); values below 1 count as 1.
    public var attempts: Int
    /// The time limit of each request a backend sends.
    public var timeout: Duration

    /// - Parameters:
    ///   - chain: the backends tried in order; Apertium APy on its default address by default.
    ///   - routes: per-pair routes, first match wins.
    ///   - attempts: tries per backend call, the first included.
    ///   - timeout: the time limit of each request.
    public init(
        chain: [Engine] = [.apertium(.init())], routes: [Route] = [], attempts: Int = 3, timeout: Duration = .seconds(10)
    ) {
        self.chain = chain
        self.routes = routes
        self.attempts = attempts
        self.timeout = timeout
    }

    /// The backend to translate with: each engine with retries and its own circuit breaker (5
    /// failures in a row pause it for 30 s), chained for fallback, and routed per pair.
    ///
    /// A chain with no engine cannot translate: the backend it makes fails every call with
    /// `TranslationError.Code.notConfigured` saying so, rather than this function failing.
    /// - Parameter client: the HTTP client the backends share; `ParleyHTTPClient.shared` by default.
    public func makeBackend(client: ParleyHTTPClient = .shared) -> any TranslationBackend {
        let fallback = makeChain(chain, client: client, what: "the backend configuration's chain")
        guard !routes.isEmpty else { return fallback }
        var rules = routes.map { route in
            RoutingBackend.Route(
                source: route.source, target: route.target,
                backend: makeChain(route.chain, client: client, what: "the route \(route.source)-\(route.target)"))
        }
        rules.append(RoutingBackend.Route(source: "*", target: "*", backend: fallback))
        return RoutingBackend(rules)
    }

    private func makeChain(_ engines: [Engine], client: ParleyHTTPClient, what: String) -> any TranslationBackend {
        guard !engines.isEmpty else { return UnconfiguredBackend(reason: "\(what) names no backend; add one, such as .apertium(.init())") }
        let retry = RetryPolicy(maximumAttempts: attempts)
        func resilient<Base: TranslationBackend>(_ base: Base) -> any TranslationBackend {
            ResilientBackend(base, retry: retry)
        }
        let backends = engines.map { resilient($0.makeBackend(timeout: timeout, client: client)) }
        return backends.count == 1 ? backends[0] : FallbackBackend(backends)
    }
}
