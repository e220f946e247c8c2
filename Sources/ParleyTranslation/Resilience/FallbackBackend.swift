public import ParleyLanguage

/// Tries backends in order (e.g. DeepL, then Google, then Apertium) until one translates; the
/// last failure is reported when all fail. A `providerGlossary` goes to the first backend only. Failures caused by the request itself
/// (`invalidRequest`) and cancellation stop the chain.
public struct FallbackBackend: TranslationBackend {
    public let backends: [any TranslationBackend]

    /// - Parameter backends: the chain, first choice first.
    public init(_ backends: [any TranslationBackend]) {
        precondition(!backends.isEmpty, "a fallback chain needs at least one backend")
        self.backends = backends
    }

    public var name: String { backends.map(\.name).joined(separator: ">") }
    public var identity: String { backends.map(\.identity).joined(separator: ">") }

    public func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        var failures: [TranslationError] = []
        for (position, backend) in backends.enumerated() {
            // A provider glossary id belongs to the first backend's provider; the others get the
            // inline terms only.
            var options = options
            if position > 0 { options.providerGlossary = nil }
            do {
                return try await backend.translate(texts, from: source, to: target, options: options)
            } catch {
                failures.append(error)
                if !error.allowsFallback { throw error }
            }
        }
        let last = failures.last!
        throw TranslationError(
            last.code, backend: name, status: last.status, retryAfter: last.retryAfter,
            message: "every backend failed: " + failures.map(\.description).joined(separator: "; "))
    }

    public func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        var pairs: Set<LanguagePair> = []
        for backend in backends {
            if let more = try? await backend.supportedPairs() { pairs.formUnion(more) }
        }
        return pairs.sorted { $0.description < $1.description }
    }

    public func health() async -> BackendHealth {
        var details: [String] = []
        var healthy = false
        for backend in backends {
            let health = await backend.health()
            healthy = healthy || health.isHealthy
            details.append("\(backend.name): \(health.isHealthy ? "ok" : "down") (\(health.detail))")
        }
        return BackendHealth(isHealthy: healthy, detail: details.joined(separator: "; "))
    }
}
