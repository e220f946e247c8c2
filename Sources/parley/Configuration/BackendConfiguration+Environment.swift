import ArgumentParser
import Foundation
import ParleyTranslation

/// The translation backends as the environment configures them (keys also from `*_FILE` secret
/// files, held as `Secret`s and never printed).
///
/// | variable | meaning |
/// |---|---|
/// | `PARLEY_BACKEND` | the backend, or a fallback chain: `deepl,google,apertium` (default `apertium`) |
/// | `PARLEY_ROUTES` | per-pair routes, first match wins: `es-en=apertium;en-es=apertium;*-*=deepl,google` |
/// | `PARLEY_BACKEND_TIMEOUT_MS` | each backend request's time limit (10,000) |
/// | `PARLEY_BACKEND_RETRIES` | tries per backend call, the first included (3) |
/// | `PARLEY_APERTIUM_URL` | APy (default `http://127.0.0.1:2737`) |
/// | `PARLEY_LIBRETRANSLATE_URL`, `PARLEY_LIBRETRANSLATE_KEY` | LibreTranslate |
/// | `PARLEY_DEEPL_KEY`, `PARLEY_DEEPL_URL` | DeepL (the free endpoint for `:fx` keys) |
/// | `PARLEY_GOOGLE_KEY`, `PARLEY_GOOGLE_URL` | Google Cloud Translation v2 |
/// | `PARLEY_GOOGLE_TOKEN`, `PARLEY_GOOGLE_PROJECT`, `PARLEY_GOOGLE_LOCATION` | Google v3 (`google-v3`) |
/// | `PARLEY_AZURE_KEY`, `PARLEY_AZURE_REGION`, `PARLEY_AZURE_URL` | Azure Translator |
/// | `PARLEY_OPENAI_KEY`, `PARLEY_OPENAI_URL`, `PARLEY_OPENAI_MODEL` | an OpenAI-compatible API |
///
/// `PARLEY_BACKEND_CONNECT_TIMEOUT_MS` belongs to the HTTP client (`ParleyHTTPClient.Configuration(environment:)`).
extension BackendConfiguration {
    /// The backends Parley knows, by the names the environment uses.
    static let backendNames = ["apertium", "libretranslate", "deepl", "google", "google-v3", "azure", "openai"]

    /// The variables holding keys and tokens.
    static let secretVariables = [
        "PARLEY_LIBRETRANSLATE_KEY", "PARLEY_DEEPL_KEY", "PARLEY_GOOGLE_KEY", "PARLEY_GOOGLE_TOKEN", "PARLEY_AZURE_KEY",
        "PARLEY_OPENAI_KEY",
    ]

    /// The variable holding a backend's URL (`google-v3` shares Google's).
    /// - Parameter backend: the backend's name.
    static func urlVariable(for backend: String) -> String {
        let base = backend == "google-v3" ? "google" : backend
        return "PARLEY_\(base.uppercased())_URL"
    }

    /// Reads the configuration from the environment.
    /// - Parameter environment: the variables, e.g. `ProcessInfo.processInfo.environment`.
    /// - Throws: `ValidationError` naming the variable that is wrong or missing.
    init(environment: [String: String]) throws(ValidationError) {
        func chain(_ text: String, variable: String) throws(ValidationError) -> [String] {
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw ValidationError("\(variable) names no backend") }
            for name in names where !Self.backendNames.contains(name) {
                throw ValidationError("\(variable): unknown backend '\(name)'; use one of \(Self.backendNames.joined(separator: ", "))")
            }
            return names
        }
        var secrets: [String: Secret] = [:]
        for name in Self.secretVariables {
            if let secret = try Secret.fromEnvironment(name, environment: environment) { secrets[name] = secret }
        }
        func engines(_ names: [String]) throws(ValidationError) -> [Engine] {
            var engines: [Engine] = []
            for name in names { engines.append(try Self.engine(name, environment: environment, secrets: secrets)) }
            return engines
        }

        let fallback = try chain(environment["PARLEY_BACKEND"] ?? "apertium", variable: "PARLEY_BACKEND")
        var routes: [Route] = []
        for rule in (environment["PARLEY_ROUTES"] ?? "").split(separator: ";") where !rule.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = rule.split(separator: "=", maxSplits: 1)
            let pair = parts.first.map { $0.trimmingCharacters(in: .whitespaces).split(separator: "-", maxSplits: 1) } ?? []
            guard parts.count == 2, pair.count == 2 else {
                throw ValidationError("PARLEY_ROUTES: '\(rule)' is not SOURCE-TARGET=backend[,backend…] (e.g. es-en=apertium or *-*=deepl)")
            }
            let names = try chain(String(parts[1]), variable: "PARLEY_ROUTES")
            routes.append(Route(source: String(pair[0]), target: String(pair[1]), chain: try engines(names)))
        }
        let attempts = environment["PARLEY_BACKEND_RETRIES"].map { Int($0) } ?? 3
        guard let attempts, attempts >= 1 else { throw ValidationError("PARLEY_BACKEND_RETRIES must be a whole number of at least 1") }
        self.init(
            chain: try engines(fallback), routes: routes, attempts: attempts,
            timeout: try Self.milliseconds("PARLEY_BACKEND_TIMEOUT_MS", default: 10_000, environment: environment))
    }

    /// A positive number of milliseconds from the environment.
    static func milliseconds(_ name: String, default value: Int, environment: [String: String]) throws(ValidationError) -> Duration {
        guard let text = environment[name] else { return .milliseconds(value) }
        guard let number = Int(text), number > 0 else {
            throw ValidationError("\(name) must be a positive number of milliseconds, not '\(text)'")
        }
        return .milliseconds(number)
    }

    /// One backend's settings by its name.
    private static func engine(
        _ name: String, environment: [String: String], secrets: [String: Secret]
    ) throws(ValidationError) -> Engine {
        func secret(_ variable: String) throws(ValidationError) -> Secret {
            guard let secret = secrets[variable] else {
                throw ValidationError("set \(variable) (or \(variable)_FILE) to use the \(name) backend")
            }
            return secret
        }
        func value(_ variable: String) throws(ValidationError) -> String {
            guard let value = environment[variable], !value.isEmpty else {
                throw ValidationError("set \(variable) to use the \(name) backend")
            }
            return value
        }
        func optional(_ variable: String) -> String? {
            environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        switch name {
        case "apertium":
            return .apertium(.init(url: optional("PARLEY_APERTIUM_URL") ?? ApertiumBackend.Configuration().url))
        case "libretranslate":
            return .libreTranslate(.init(url: try value("PARLEY_LIBRETRANSLATE_URL"), key: secrets["PARLEY_LIBRETRANSLATE_KEY"]))
        case "deepl":
            return .deepL(.init(key: try secret("PARLEY_DEEPL_KEY"), url: optional("PARLEY_DEEPL_URL")))
        case "google":
            return .googleV2(.init(key: try secret("PARLEY_GOOGLE_KEY"), url: optional("PARLEY_GOOGLE_URL") ?? GoogleV2Backend.defaultBaseURL))
        case "google-v3":
            return .googleV3(.init(
                project: try value("PARLEY_GOOGLE_PROJECT"), token: try secret("PARLEY_GOOGLE_TOKEN"),
                location: optional("PARLEY_GOOGLE_LOCATION") ?? "global",
                url: optional("PARLEY_GOOGLE_URL") ?? GoogleV3Backend.defaultBaseURL))
        case "azure":
            return .azure(.init(
                key: try secret("PARLEY_AZURE_KEY"), region: optional("PARLEY_AZURE_REGION"),
                url: optional("PARLEY_AZURE_URL") ?? AzureBackend.defaultBaseURL))
        case "openai":
            return .openAI(.init(
                key: try secret("PARLEY_OPENAI_KEY"), model: optional("PARLEY_OPENAI_MODEL") ?? "gpt-4o-mini",
                url: optional("PARLEY_OPENAI_URL") ?? OpenAIBackend.defaultBaseURL))
        default:
            throw ValidationError("unknown backend '\(name)'; use one of \(backendNames.joined(separator: ", "))")
        }
    }
}
