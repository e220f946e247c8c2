public import ParleyHTTP

extension BackendConfiguration {
    /// One translation backend and its settings.
    public enum Engine: Sendable {
        /// Apertium APy, the rule-based server that runs beside Parley.
        case apertium(ApertiumBackend.Configuration)
        /// A LibreTranslate server.
        case libreTranslate(LibreTranslateBackend.Configuration)
        /// DeepL API v2 (Free or Pro).
        case deepL(DeepLBackend.Configuration)
        /// Google Cloud Translation v2 (Basic).
        case googleV2(GoogleV2Backend.Configuration)
        /// Google Cloud Translation v3 (Advanced).
        case googleV3(GoogleV3Backend.Configuration)
        /// Azure AI Translator v3.
        case azure(AzureBackend.Configuration)
        /// An OpenAI-compatible chat-completions API.
        case openAI(OpenAIBackend.Configuration)

        /// The backend's name, as errors and logs give it: `apertium`, `libretranslate`, `deepl`,
        /// `google`, `google-v3`, `azure` or `openai`.
        public var name: String {
            switch self {
            case .apertium: "apertium"
            case .libreTranslate: "libretranslate"
            case .deepL: "deepl"
            case .googleV2: "google"
            case .googleV3: "google-v3"
            case .azure: "azure"
            case .openAI: "openai"
            }
        }

        /// This one backend, without retries or a circuit breaker.
        /// - Parameters:
        ///   - timeout: the time limit of each request; nil for the client's.
        ///   - client: the HTTP client the backends share.
        public func makeBackend(timeout: Duration?, client: ParleyHTTPClient = .shared) -> any TranslationBackend {
            switch self {
            case .apertium(let settings):
                ApertiumBackend(baseURL: settings.url, timeout: timeout, client: client)
            case .libreTranslate(let settings):
                LibreTranslateBackend(baseURL: settings.url, key: settings.key, timeout: timeout, client: client)
            case .deepL(let settings):
                DeepLBackend(apiKey: settings.key.value, baseURL: settings.url, timeout: timeout, client: client)
            case .googleV2(let settings):
                GoogleV2Backend(apiKey: settings.key.value, baseURL: settings.url, timeout: timeout, client: client)
            case .googleV3(let settings):
                GoogleV3Backend(
                    project: settings.project, location: settings.location, accessToken: settings.token.value,
                    baseURL: settings.url, timeout: timeout, client: client)
            case .azure(let settings):
                AzureBackend(key: settings.key, region: settings.region, baseURL: settings.url, timeout: timeout, client: client)
            case .openAI(let settings):
                OpenAIBackend(key: settings.key, model: settings.model, baseURL: settings.url, timeout: timeout, client: client)
            }
        }
    }
}
