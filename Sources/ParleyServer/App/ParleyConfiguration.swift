public import Foundation
public import ParleyMessaging
public import ParleyTranslation
public import ParleyHTTP
public import Prometheus

/// Everything the Parley service decides, as values: where it listens, where conversations live,
/// which backends translate, the glossaries and caches, who may call it, how it sends SMS and
/// checks webhooks, its limits and its jobs.
///
/// ``buildApplication(configuration:logger:)`` builds the service from it. `parley serve` reads its
/// options, the environment and its settings file into one; a test or an embedding program fills one in:
///
/// ```swift
/// var configuration = ParleyConfiguration()
/// configuration.database = .sqlite(path: "/var/lib/parley/parley.sqlite")
/// configuration.apiKeys = try AccessKeys(parsing: "core=\(coreKey)")
/// let application = try await buildApplication(configuration: configuration, logger: logger)
/// try await application.run()
/// ```
public struct ParleyConfiguration: Sendable {
    /// Where conversations, jobs and the translation cache's persistent tier live.
    public enum Database: Sendable, Hashable {
        /// An SQLite file, created if missing (its folder must exist).
        case sqlite(path: String)
        /// A PostgreSQL database, which several replicas of the service can share.
        case postgres(url: String)

        /// A `postgres://` or `postgresql://` URL, or else the path of an SQLite file.
        /// - Parameters:
        ///   - text: the URL or path.
        public init(_ text: String) {
            if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
                self = .postgres(url: text)
            } else {
                self = .sqlite(path: text)
            }
        }

        /// The name to show people: the SQLite file's path, or `postgres` (never the URL, which
        /// may hold a password).
        public var shownName: String {
            switch self {
            case .sqlite(let path): path
            case .postgres: "postgres"
            }
        }
    }

    /// The glossaries: the folder admins' edits start from, and the industry whose terms are enforced.
    public struct Glossaries: Sendable {
        /// The glossaries folder (`<industry>/…` and the do-not-translate list).
        public var folder: URL
        /// The industry glossary to enforce, e.g. `hvac`; nil for the do-not-translate list alone.
        /// The industry also names the translation memory replies use.
        public var industry: String?
        /// Whether translations enforce glossaries at all; false translates without them (not even
        /// do-not-translate names) and cannot go with an industry.
        public var enforced: Bool

        /// - Parameters:
        ///   - folder: the glossaries folder.
        ///   - industry: the industry glossary to enforce.
        ///   - enforced: false to translate without glossaries.
        public init(folder: URL = URL(fileURLWithPath: "glossaries"), industry: String? = nil, enforced: Bool = true) {
            self.folder = folder
            self.industry = industry
            self.enforced = enforced
        }
    }

    /// The translation cache's persistent tier (a memory tier is always in front of it).
    public struct Cache: Sendable {
        /// An SQLite file of its own for the cache; nil keeps it in the conversation ``Database``.
        public var file: String?
        /// How long a translation stays in the persistent tier.
        public var retention: Duration
        /// The most memory the cache's memory tier holds, in bytes; older entries make room.
        public var memoryBytes: Int

        /// - Parameters:
        ///   - file: an SQLite file for the cache; nil for the conversation database.
        ///   - retention: how long a translation stays cached.
        ///   - memoryBytes: the memory tier's budget; 32 MiB by default.
        public init(file: String? = nil, retention: Duration = .seconds(30 * 86_400), memoryBytes: Int = 32 << 20) {
            self.file = file
            self.retention = retention
            self.memoryBytes = memoryBytes
        }
    }

    /// The address to listen on.
    public var host: String
    /// The port to listen on.
    public var port: Int
    /// The `Server` header's value.
    public var serverName: String
    /// Where conversations live.
    public var database: Database
    /// The translation backends: a fallback chain, routes per language pair, retries and time limits.
    public var backend: BackendConfiguration
    /// The HTTP client's limits (the backends' and Twilio's requests).
    public var httpClient: ParleyHTTPClient.Configuration
    /// The glossaries.
    public var glossaries: Glossaries
    /// The translation cache's persistent tier.
    public var cache: Cache
    /// The starter translation memories folder: `<industry>.tmx` is imported when the industry's
    /// memory is empty; nil for none.
    public var memories: URL?
    /// Who may call the API (a bootstrap the app cannot revoke; people's own keys live in the database).
    public var apiKeys: AccessKeys
    /// Send SMS through Twilio; nil writes them to the log instead.
    public var twilio: TwilioSender.Configuration?
    /// How webhooks are checked: the provider's token for signatures and the public URL it calls.
    public var webhooks: WebhookSettings
    /// How many requests each API key may make; nil for no limit.
    public var rateLimit: RateLimit?
    /// How jobs (translations, sends) run: leases, retries and how long finished work is kept.
    public var jobs: Messaging.Configuration
    /// The load balancers whose `X-Forwarded-For` names the client.
    public var trustedProxies: Set<String>
    /// Seed a demo rep, number, contact and template; with no ``apiKeys``, also a key for the demo
    /// admin (``ParleyApplication/demoKey``).
    public var seedsDemo: Bool
    /// The registry `GET /metrics` shows; nil for no metrics route. Bootstrap `MetricsSystem` with
    /// it once per process, before building the application, for the service's own metrics to appear.
    public var metrics: PrometheusCollectorRegistry?

    /// A configuration; every value has a default (Apertium APy on 127.0.0.1:2737, `parley.sqlite`).
    /// - Parameters:
    ///   - host: the address to listen on.
    ///   - port: the port to listen on.
    ///   - serverName: the `Server` header's value.
    ///   - database: where conversations live.
    ///   - backend: the translation backends.
    ///   - httpClient: the HTTP client's limits.
    ///   - glossaries: the glossaries.
    ///   - cache: the translation cache's persistent tier.
    ///   - memories: the starter translation memories folder.
    ///   - apiKeys: who may call the API.
    ///   - twilio: Twilio's account, to send SMS through it.
    ///   - webhooks: how webhooks are checked.
    ///   - rateLimit: requests per API key.
    ///   - jobs: how jobs run.
    ///   - trustedProxies: the load balancers whose `X-Forwarded-For` names the client.
    ///   - seedsDemo: seed the demo data.
    ///   - metrics: the registry `GET /metrics` shows.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, serverName: String = "parley",
        database: Database = .sqlite(path: "parley.sqlite"), backend: BackendConfiguration = BackendConfiguration(),
        httpClient: ParleyHTTPClient.Configuration = .init(), glossaries: Glossaries = Glossaries(),
        cache: Cache = Cache(), memories: URL? = URL(fileURLWithPath: "memories"), apiKeys: AccessKeys = AccessKeys(),
        twilio: TwilioSender.Configuration? = nil, webhooks: WebhookSettings = WebhookSettings(), rateLimit: RateLimit? = RateLimit(),
        jobs: Messaging.Configuration = Messaging.Configuration(), trustedProxies: Set<String> = [], seedsDemo: Bool = false,
        metrics: PrometheusCollectorRegistry? = nil
    ) {
        self.host = host
        self.port = port
        self.serverName = serverName
        self.database = database
        self.backend = backend
        self.httpClient = httpClient
        self.glossaries = glossaries
        self.cache = cache
        self.memories = memories
        self.apiKeys = apiKeys
        self.twilio = twilio
        self.webhooks = webhooks
        self.rateLimit = rateLimit
        self.jobs = jobs
        self.trustedProxies = trustedProxies
        self.seedsDemo = seedsDemo
        self.metrics = metrics
    }
}
