package import Foundation
internal import HTTPTypes
public import ParleyMessaging
public import ParleyThreads
public import ParleyTranslation
public import Prometheus

/// What the service's routes work with.
public struct ParleyServices: Sendable {
    /// The translation pipeline, with the glossaries it was built with; routes translate with
    /// ``currentPipeline``, which follows admins' glossary edits.
    public var pipeline: TranslationPipeline { didSet { rebuildMessaging() } }
    /// The conversation store; nil for a translation-only service (preview and health).
    public var store: (any ThreadStore)? { didSet { rebuildMessaging() } }
    /// Delivers outbound SMS.
    public var sender: any MessageSender { didSet { rebuildMessaging() } }
    /// How the conversation workflows run their jobs and keep previews.
    public var messagingConfiguration: Messaging.Configuration { didSet { rebuildMessaging() } }
    /// Every conversation workflow, over ``store``, ``sender`` and ``currentPipeline``; nil without a store.
    public private(set) var messaging: Messaging?
    /// Who may call the API.
    public var access: AccessKeys
    /// Webhook settings: the provider's auth token for signatures, and the public URL the provider calls.
    public var webhooks: WebhookSettings
    /// The glossaries admins edit (`/v1/glossaries`) and the set the service enforces; nil for a
    /// service without a glossary folder (the glossary routes answer 503).
    public var glossaries: GlossaryShelf? { didSet { rebuildMessaging() } }

    /// The pipeline to translate with now: ``pipeline`` with the glossaries currently enforced.
    public var currentPipeline: TranslationPipeline {
        // With a store: the industry's translation memory too.
        if let messaging { return messaging.pipeline }
        guard let glossaries else { return pipeline }
        return pipeline.using(glossaries.current)
    }
    /// How many requests each API key may make; nil for no limit.
    public var rateLimit: RateLimit?
    /// The registry `GET /metrics` shows; nil for no metrics route.
    public var metrics: PrometheusCollectorRegistry?
    /// The web panel's signed-in sessions.
    public var webSessions: WebSessions
    /// The load balancers whose `X-Forwarded-For` names the client (see `ClientAddress`); none by
    /// default, so a request's address is its connection's.
    public var trustedProxies: Set<String> = []
    /// The wall clock the rate limits read; tests pass one that moves only when told to.
    package var now: @Sendable () -> Date = { Date() }

    /// - Parameters:
    ///   - pipeline: the translation pipeline.
    ///   - store: the conversation store.
    ///   - sender: delivers outbound SMS; by default it only logs.
    ///   - access: who may call the API; by default nobody but open routes.
    ///   - webhooks: webhook signature settings.
    ///   - glossaries: the glossaries admins edit and the service enforces; its current set
    ///     replaces the pipeline's glossaries. Nil by default: no glossary routes.
    ///   - rateLimit: how many requests each API key may make; nil for no limit.
    ///   - metrics: the registry `GET /metrics` shows; nil for no metrics route.
    ///   - webSessions: the web panel's sessions; by default kept in the store (in this process
    ///     when there is none).
    ///   - messagingConfiguration: how jobs run and previews last.
    public init(
        pipeline: TranslationPipeline, store: (any ThreadStore)? = nil, sender: any MessageSender = LogSender(),
        access: AccessKeys = AccessKeys(), webhooks: WebhookSettings = WebhookSettings(), glossaries: GlossaryShelf? = nil,
        rateLimit: RateLimit? = nil, metrics: PrometheusCollectorRegistry? = nil,
        webSessions: WebSessions? = nil, messagingConfiguration: Messaging.Configuration = Messaging.Configuration()
    ) {
        self.webSessions = webSessions ?? WebSessions(store: store)
        self.pipeline = pipeline
        self.store = store
        self.sender = sender
        self.access = access
        self.webhooks = webhooks
        self.rateLimit = rateLimit
        self.metrics = metrics
        self.glossaries = glossaries
        self.messagingConfiguration = messagingConfiguration
        rebuildMessaging()
    }

    private mutating func rebuildMessaging() {
        guard let store else {
            messaging = nil
            return
        }
        var (pipeline, glossaries, configuration) = (self.pipeline, self.glossaries, self.messagingConfiguration)
        // The industry's translation memory lives in the store, so every replica shares it.
        if configuration.industry == nil { configuration.industry = glossaries?.industry }
        if pipeline.memory == nil, let industry = configuration.industry {
            pipeline = pipeline.using(memory: StoreTranslationMemory(store: store, industry: industry))
        }
        messaging = Messaging(
            store: store, pipeline: { [pipeline, glossaries] in glossaries.map { pipeline.using($0.current) } ?? pipeline }, sender: sender,
            configuration: configuration)
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

extension ParleyServices {
    /// The conversation workflows, or a 503 problem when the service runs without a store.
    func requireMessaging() throws -> Messaging {
        guard let messaging else {
            throw Problem(.serviceUnavailable, "No conversation store", detail: "This service runs without a database; start it with --database.")
        }
        return messaging
    }
}
