public import ParleyLanguage

/// Sends each language pair to the backend configured for it (e.g. es↔en to Apertium, everything
/// else to DeepL), matching on primary language subtags; `*` matches any language.
public struct RoutingBackend: TranslationBackend {
    /// One routing rule.
    public struct Route: Sendable {
        /// The source language, or `*`.
        public var source: String
        /// The target language, or `*`.
        public var target: String
        public var backend: any TranslationBackend

        public init(source: String, target: String, backend: any TranslationBackend) {
            self.source = source
            self.target = target
            self.backend = backend
        }

        func matches(_ from: LanguageTag, _ to: LanguageTag) -> Bool {
            (source == "*" || source == from.language || source == from.identifier)
                && (target == "*" || target == to.language || target == to.identifier)
        }
    }

    /// The rules, first match wins.
    public let routes: [Route]

    public init(_ routes: [Route]) {
        self.routes = routes
    }

    public var name: String { "router" }
    public var identity: String { routes.map { "\($0.source)-\($0.target):\($0.backend.identity)" }.joined(separator: ",") }

    /// The backend for a pair, if a rule matches.
    public func backend(from source: LanguageTag, to target: LanguageTag) -> (any TranslationBackend)? {
        routes.first { $0.matches(source, target) }?.backend
    }

    public func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        guard let backend = backend(from: source, to: target) else {
            throw TranslationError(.unsupportedPair, backend: name,
                                   message: "no route for \(source)→\(target); add a route for this pair, or one for any pair (*), to the backend configuration")
        }
        return try await backend.translate(texts, from: source, to: target, options: options)
    }

    public func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        var pairs: Set<LanguagePair> = []
        for route in routes {
            for pair in (try? await route.backend.supportedPairs()) ?? [] where backend(from: pair.source, to: pair.target)?.name == route.backend.name {
                pairs.insert(pair)
            }
        }
        return pairs.sorted { $0.description < $1.description }
    }

    public func health() async -> BackendHealth {
        var details: [String] = []
        var healthy = true
        for route in routes {
            let health = await route.backend.health()
            healthy = healthy && health.isHealthy
            details.append("\(route.source)→\(route.target) \(route.backend.name): \(health.isHealthy ? "ok" : "down")")
        }
        return BackendHealth(isHealthy: healthy, detail: details.joined(separator: "; "))
    }
}
