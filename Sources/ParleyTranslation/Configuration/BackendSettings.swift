internal import Foundation

/// Which backends to use and how to reach them, read from the environment (keys also from
/// `*_FILE` secret files). Keys are held as ``Secret``s and never printed.
///
/// | variable | meaning |
/// |---|---|
/// | `PARLEY_BACKEND` | the backend, or a fallback chain: `deepl,google,apertium` (default `apertium`) |
/// | `PARLEY_ROUTES` | per-pair routes, first match wins: `es-en=apertium;en-es=apertium;*-*=deepl,google` |
/// | `PARLEY_BACKEND_TIMEOUT_MS`, `PARLEY_BACKEND_CONNECT_TIMEOUT_MS` | time limits (10,000 and 3,000) |
/// | `PARLEY_BACKEND_RETRIES` | tries per backend call, the first included (3) |
/// | `PARLEY_APERTIUM_URL` | APy (default `http://127.0.0.1:2737`) |
/// | `PARLEY_LIBRETRANSLATE_URL`, `PARLEY_LIBRETRANSLATE_KEY` | LibreTranslate |
/// | `PARLEY_DEEPL_KEY`, `PARLEY_DEEPL_URL` | DeepL (the free endpoint for `:fx` keys) |
/// | `PARLEY_GOOGLE_KEY`, `PARLEY_GOOGLE_URL` | Google Cloud Translation v2 |
/// | `PARLEY_GOOGLE_TOKEN`, `PARLEY_GOOGLE_PROJECT`, `PARLEY_GOOGLE_LOCATION` | Google v3 (`google-v3`) |
/// | `PARLEY_AZURE_KEY`, `PARLEY_AZURE_REGION`, `PARLEY_AZURE_URL` | Azure Translator |
/// | `PARLEY_OPENAI_KEY`, `PARLEY_OPENAI_URL`, `PARLEY_OPENAI_MODEL` | an OpenAI-compatible API |
public struct BackendSettings: Sendable {
    /// The backends Parley knows, by the names the settings use.
    public static let backendNames = ["apertium", "libretranslate", "deepl", "google", "google-v3", "azure", "openai"]

    /// The fallback chain used when no route matches.
    public var chain: [String]
    /// Per-pair routes: (source or `*`, target or `*`, chain).
    public var routes: [(source: String, target: String, chain: [String])]
    public var timeout: Duration
    public var connectTimeout: Duration
    public var attempts: Int

    /// The HTTP client's limits for these settings.
    public var clientConfiguration: CurlHTTPClient.Configuration {
        CurlHTTPClient.Configuration(connectTimeout: connectTimeout, timeout: timeout)
    }
    /// Every other `PARLEY_*` value (URLs, regions, models).
    public var values: [String: String]
    /// The keys and tokens found.
    public var secrets: [String: Secret]

    /// Reads the settings.
    /// - Throws: `TranslationError(.notConfigured)` naming the variable that is wrong.
    public init(environment: [String: String]) throws(TranslationError) {
        func fail(_ message: String) -> TranslationError {
            TranslationError(.notConfigured, backend: "configuration", message: message)
        }
        func chain(_ text: String, variable: String) throws(TranslationError) -> [String] {
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw fail("\(variable) names no backend") }
            for name in names where !Self.backendNames.contains(name) {
                throw fail("\(variable): unknown backend '\(name)'; use one of \(Self.backendNames.joined(separator: ", "))")
            }
            return names
        }
        func milliseconds(_ name: String, default value: Int) throws(TranslationError) -> Duration {
            guard let text = environment[name] else { return .milliseconds(value) }
            guard let number = Int(text), number > 0 else { throw fail("\(name) must be a positive number of milliseconds, not '\(text)'") }
            return .milliseconds(number)
        }

        self.chain = try chain(environment["PARLEY_BACKEND"] ?? "apertium", variable: "PARLEY_BACKEND")
        var routes: [(String, String, [String])] = []
        for rule in (environment["PARLEY_ROUTES"] ?? "").split(separator: ";") where !rule.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = rule.split(separator: "=", maxSplits: 1)
            let pair = parts.first.map { $0.trimmingCharacters(in: .whitespaces).split(separator: "-", maxSplits: 1) } ?? []
            guard parts.count == 2, pair.count == 2 else {
                throw fail("PARLEY_ROUTES: '\(rule)' is not SOURCE-TARGET=backend[,backend…] (e.g. es-en=apertium or *-*=deepl)")
            }
            routes.append((String(pair[0]), String(pair[1]), try chain(String(parts[1]), variable: "PARLEY_ROUTES")))
        }
        self.routes = routes
        self.timeout = try milliseconds("PARLEY_BACKEND_TIMEOUT_MS", default: 10_000)
        self.connectTimeout = try milliseconds("PARLEY_BACKEND_CONNECT_TIMEOUT_MS", default: 3_000)
        let attempts = environment["PARLEY_BACKEND_RETRIES"].map { Int($0) } ?? 3
        guard let attempts, attempts >= 1 else { throw fail("PARLEY_BACKEND_RETRIES must be a whole number of at least 1") }
        self.attempts = attempts
        self.values = environment.filter { $0.key.hasPrefix("PARLEY_") && !$0.key.hasSuffix("_KEY") && !$0.key.hasSuffix("_TOKEN") }
        var secrets: [String: Secret] = [:]
        for name in ["PARLEY_LIBRETRANSLATE_KEY", "PARLEY_DEEPL_KEY", "PARLEY_GOOGLE_KEY", "PARLEY_GOOGLE_TOKEN", "PARLEY_AZURE_KEY", "PARLEY_OPENAI_KEY"] {
            if let secret = try Secret.fromEnvironment(name, environment: environment) { secrets[name] = secret }
        }
        self.secrets = secrets
    }
}
