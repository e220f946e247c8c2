public import ParleyThreads
public import ParleyTranslation
public import Prometheus

/// What the service's routes work with.
public struct ParleyServices: Sendable {
    /// The translation pipeline.
    public var pipeline: TranslationPipeline
    /// The conversation store; nil for a translation-only service (preview and health).
    public var store: (any ThreadStore)?
    /// Delivers outbound SMS.
    public var sender: any MessageSender
    /// Who may call the API.
    public var access: AccessKeys
    /// Webhook settings: the provider's auth token for signatures, and the public URL the provider calls.
    public var webhooks: WebhookSettings
    /// How many requests each API key may make; nil for no limit.
    public var rateLimit: RateLimit?
    /// The registry `GET /metrics` shows; nil for no metrics route.
    public var metrics: PrometheusCollectorRegistry?

    /// - Parameters:
    ///   - pipeline: the translation pipeline.
    ///   - store: the conversation store.
    ///   - sender: delivers outbound SMS; by default it only logs.
    ///   - access: who may call the API; by default nobody but open routes.
    ///   - webhooks: webhook signature settings.
    ///   - rateLimit: how many requests each API key may make; nil for no limit.
    ///   - metrics: the registry `GET /metrics` shows; nil for no metrics route.
    public init(
        pipeline: TranslationPipeline, store: (any ThreadStore)? = nil, sender: any MessageSender = LogSender(),
        access: AccessKeys = AccessKeys(), webhooks: WebhookSettings = WebhookSettings(), rateLimit: RateLimit? = nil,
        metrics: PrometheusCollectorRegistry? = nil
    ) {
        self.pipeline = pipeline
        self.store = store
        self.sender = sender
        self.access = access
        self.webhooks = webhooks
        self.rateLimit = rateLimit
        self.metrics = metrics
    }
}

/// How inbound and status webhooks are checked.
public struct WebhookSettings: Sendable {
    /// The provider's auth token (Twilio's), which signs each webhook (`X-Twilio-Signature`); nil
    /// accepts unsigned webhooks (development only).
    public var authToken: Secret?
    /// The public base URL the provider calls, e.g. `https://parley.example.com`, which the
    /// signature covers; nil to use the request's `Host`.
    public var publicBaseURL: String?

    /// - Parameters:
    ///   - authToken: the provider's auth token; nil accepts unsigned webhooks.
    ///   - publicBaseURL: the public base URL the provider calls.
    public init(authToken: Secret? = nil, publicBaseURL: String? = nil) {
        self.authToken = authToken
        self.publicBaseURL = publicBaseURL
    }
}
