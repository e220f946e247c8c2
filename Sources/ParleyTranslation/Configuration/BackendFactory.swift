/// Builds the backend stack the settings describe: each backend with retries and its own circuit
/// breaker, chained for fallback, and routed per language pair.
public struct BackendFactory: Sendable {
    public let settings: BackendSettings
    public let client: CurlHTTPClient

    public init(settings: BackendSettings, client: CurlHTTPClient) {
        self.settings = settings
        self.client = client
    }

    /// The variable holding a backend's URL (`google-v3` shares Google's).
    public static func urlVariable(for backend: String) -> String {
        let base = backend == "google-v3" ? "google" : backend
        return "PARLEY_\(base.uppercased())_URL"
    }

    /// The backend to translate with.
    /// - Throws: `TranslationError(.notConfigured)` when a named backend lacks its URL or key.
    public func makeBackend() throws(TranslationError) -> any TranslationBackend {
        let fallback = try makeChain(settings.chain)
        guard !settings.routes.isEmpty else { return fallback }
        var routes: [RoutingBackend.Route] = []
        for route in settings.routes {
            routes.append(RoutingBackend.Route(source: route.source, target: route.target, backend: try makeChain(route.chain)))
        }
        routes.append(RoutingBackend.Route(source: "*", target: "*", backend: fallback))
        return RoutingBackend(routes)
    }

    private func makeChain(_ names: [String]) throws(TranslationError) -> any TranslationBackend {
        var backends: [any TranslationBackend] = []
        for name in names { backends.append(try makeResilient(name)) }
        return backends.count == 1 ? backends[0] : FallbackBackend(backends)
    }

    private func makeResilient(_ name: String) throws(TranslationError) -> any TranslationBackend {
        let retry = RetryPolicy(maximumAttempts: settings.attempts)
        func resilient<Base: TranslationBackend>(_ base: Base) -> any TranslationBackend {
            ResilientBackend(base, retry: retry)
        }
        return resilient(try make(name))
    }

    /// One backend by name, without retries.
    public func make(_ name: String) throws(TranslationError) -> any TranslationBackend {
        let values = settings.values
        let timeout = settings.timeout
        func secret(_ variable: String) throws(TranslationError) -> Secret {
            guard let secret = settings.secrets[variable] else {
                throw TranslationError(.notConfigured, backend: name,
                                       message: "set \(variable) (or \(variable)_FILE) to use the \(name) backend")
            }
            return secret
        }
        func value(_ variable: String) throws(TranslationError) -> String {
            guard let value = values[variable], !value.isEmpty else {
                throw TranslationError(.notConfigured, backend: name, message: "set \(variable) to use the \(name) backend")
            }
            return value
        }
        switch name {
        case "apertium":
            return ApertiumBackend(baseURL: values["PARLEY_APERTIUM_URL"] ?? "http://127.0.0.1:2737", timeout: timeout, client: client)
        case "libretranslate":
            return LibreTranslateBackend(
                baseURL: try value("PARLEY_LIBRETRANSLATE_URL"), key: settings.secrets["PARLEY_LIBRETRANSLATE_KEY"],
                timeout: timeout, client: client)
        case "deepl":
            return DeepLBackend(apiKey: try secret("PARLEY_DEEPL_KEY").value, baseURL: values["PARLEY_DEEPL_URL"], timeout: timeout, client: client)
        case "google":
            return GoogleV2Backend(
                apiKey: try secret("PARLEY_GOOGLE_KEY").value, baseURL: values["PARLEY_GOOGLE_URL"] ?? GoogleV2Backend.defaultBaseURL,
                timeout: timeout, client: client)
        case "google-v3":
            return GoogleV3Backend(
                project: try value("PARLEY_GOOGLE_PROJECT"), location: values["PARLEY_GOOGLE_LOCATION"] ?? "global",
                accessToken: try secret("PARLEY_GOOGLE_TOKEN").value,
                baseURL: values["PARLEY_GOOGLE_URL"] ?? GoogleV3Backend.defaultBaseURL, timeout: timeout, client: client)
        case "azure":
            return AzureBackend(
                key: try secret("PARLEY_AZURE_KEY"), region: values["PARLEY_AZURE_REGION"],
                baseURL: values["PARLEY_AZURE_URL"] ?? AzureBackend.defaultBaseURL, timeout: timeout, client: client)
        case "openai":
            return OpenAIBackend(
                key: try secret("PARLEY_OPENAI_KEY"), model: values["PARLEY_OPENAI_MODEL"] ?? "gpt-4o-mini",
                baseURL: values["PARLEY_OPENAI_URL"] ?? OpenAIBackend.defaultBaseURL, timeout: timeout, client: client)
        default:
            throw TranslationError(.notConfigured, backend: name,
                                   message: "unknown backend '\(name)'; use one of \(BackendSettings.backendNames.joined(separator: ", "))")
        }
    }
}
