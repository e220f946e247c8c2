public import Metrics

/// What the pipeline asks of its backends, as swift-metrics counters (exported by `/metrics`):
/// `parley_translation_billed_characters_total` (the characters of every text sent, as paid
/// backends bill them) and `parley_translation_backend_requests_total`, each with a `backend`
/// dimension (the backend's or chain's ``TranslationBackend/name``). Counted only where a backend
/// is really called, never for a cache hit or a request that joined one in flight.
public struct BackendUsage: Sendable {
    /// The counter of characters sent.
    public static let billedCharactersLabel = "parley_translation_billed_characters_total"
    /// The counter of backend calls.
    public static let requestsLabel = "parley_translation_backend_requests_total"

    /// Where the counters go; nil for the process's `MetricsSystem` as it is when a call is made.
    let factory: (any MetricsFactory)?

    /// - Parameters:
    ///   - factory: where the counters go; nil (the default) for the process's bootstrapped
    ///     `MetricsSystem`.
    public init(factory: (any MetricsFactory)? = nil) {
        self.factory = factory
    }

    /// Counts one backend call carrying `texts`.
    func record(backend: String, texts: some Sequence<String>) {
        let characters = texts.reduce(0) { $0 + $1.count }
        let dimensions = [("backend", backend)]
        if let factory {
            Counter(label: Self.billedCharactersLabel, dimensions: dimensions, factory: factory).increment(by: characters)
            Counter(label: Self.requestsLabel, dimensions: dimensions, factory: factory).increment()
        } else {
            Counter(label: Self.billedCharactersLabel, dimensions: dimensions).increment(by: characters)
            Counter(label: Self.requestsLabel, dimensions: dimensions).increment()
        }
    }
}
