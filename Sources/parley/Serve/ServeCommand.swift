import ArgumentParser
import Configuration
import Foundation
import Hummingbird
import Logging
import Metrics
import ParleyGlossary
import ParleyHTTP
import ParleyMessaging
import ParleyServer
import ParleyThreads
import ParleyTranslation
import Prometheus
import ServiceLifecycle
import SystemPackage
import UnixSignals

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Parley service: the rep's API, the SMS webhooks, events, metrics.",
        discussion: """
            Serves the rep's API (/v1/conversations, /v1/contacts, templates, preview and send, \
            server-sent events), the messaging core's webhooks (/webhooks/twilio/inbound and /status) \
            and leads, GET /healthz, GET /metrics and GET /openapi.yaml. Conversations live in --database \
            (an SQLite file, created if missing, or a postgres:// URL shared by several replicas); the \
            translation cache's persistent tier lives there too unless --cache names another file.

            People, numbers and keys are managed in the app (/admin/team, /v1/people; the first admin \
            from parley admin create-admin). Settings come from the options, then the environment, then \
            --config FILE (JSON): PARLEY_API_KEYS (core=KEY,rep:EMAIL=KEY,admin:EMAIL=KEY, a bootstrap \
            the app cannot revoke) or PARLEY_API_KEYS_FILE; \
            PARLEY_TWILIO_ACCOUNT_SID and PARLEY_TWILIO_AUTH_TOKEN to send through Twilio and require \
            signed webhooks (without them SMS go to the log and webhooks are accepted unsigned); \
            PARLEY_WEBHOOKS_PUBLIC_BASE_URL; PARLEY_LIMITS_REQUESTS_PER_MINUTE and PARLEY_LIMITS_BURST \
            per key; PARLEY_PENDING_INTERVAL_SECONDS. With --demo a demo rep, number, contact and \
            template are seeded and, when no keys are configured, a key for the demo admin is printed. \
            Admins edit the glossaries (/v1/glossaries: edit, import, export, change log); edits apply at once, \
            and within a second on every replica sharing the database. The backend, glossary and cache options are those of parley translate. Stops gracefully \
            on SIGINT or SIGTERM: requests in flight finish first.
            """
    )

    @Option(help: "The address to listen on (default 127.0.0.1; PARLEY_HOST).")
    var host: String?

    @Option(help: "The port to listen on (default 8080; PARLEY_PORT).")
    var port: Int?

    @Option(help: ArgumentHelp("The conversation database: an SQLite file path, or a postgres:// URL (default parley.sqlite; PARLEY_DATABASE).", valueName: "path"))
    var database: String?

    @Option(help: ArgumentHelp("A JSON settings file (PARLEY_CONFIG_FILE), read after the options and the environment.", valueName: "file"))
    var config: String?

    @Flag(help: "Seed a demo rep, number, contact and template (and a demo API key when none are configured).")
    var demo = false

    @Option(help: ArgumentHelp(
        "The starter translation memories folder: <industry>.tmx is imported when the industry's memory is empty.",
        valueName: "folder"))
    var memories: String = ProcessInfo.processInfo.environment["PARLEY_MEMORIES"] ?? "memories"

    @OptionGroup var pipelineOptions: PipelineOptions

    func run() async throws {
        let settings = try await readSettings()
        var logger = Logger(label: "parley")
        logger.logLevel = .info

        let backendConfiguration = try pipelineOptions.backendConfiguration()
        let client = ParleyHTTPClient(configuration: try pipelineOptions.httpClientConfiguration())

        let opened = try await Self.open(settings.database)
        var pipeline = try pipelineOptions.makePipeline(backend: pipelineOptions.makeBackend(configuration: backendConfiguration, client: client))
        if pipelineOptions.cache == nil {
            // The conversation database holds the cache's persistent tier too.
            pipeline = TranslationPipeline(
                backend: pipeline.backend, detector: pipeline.detector, glossary: pipeline.glossary,
                cache: TranslationCache(persistent: opened.cache, timeToLive: settings.cacheRetention), configuration: pipeline.configuration)
        }

        var keysText = settings.apiKeys
        if demo {
            // Replicas started together take turns; the demo data exists once.
            let seeded = try await DemoSeed.seed(opened.store)
            if keysText.isEmpty {
                let key = "demo-" + UUID().uuidString.lowercased()
                keysText = "admin:\(DemoSeed.repEmail)=\(key)"
                Self.note("""
                    demo: rep \(seeded.rep.email) on \(seeded.number.phone), contact \(seeded.contact.name ?? "") \(seeded.contact.phone) (es)
                    demo: API key for this run (PARLEY_API_KEYS to set your own): \(key)
                    demo: web panel: open http://\(settings.host):\(settings.port)/ and sign in as \(DemoSeed.repEmail) with that key
                    demo: try  curl -s -H 'Authorization: Bearer \(key)' http://\(settings.host):\(settings.port)/v1/conversations
                    demo:      curl -s -H 'Authorization: Bearer \(key)' -H 'Content-Type: application/json' \
                    -d '{"text": "Your technician is on the way 👍"}' http://\(settings.host):\(settings.port)/v1/conversations/\(seeded.conversation.id)/messages
                    """)
            }
        }
        let access: AccessKeys
        do { access = try AccessKeys(parsing: keysText) } catch { throw ValidationError("parley.api.keys: \(error.description)") }

        let sender: any MessageSender
        if let twilio = settings.twilio {
            sender = TwilioSender(configuration: twilio, client: client)
        } else {
            sender = LogSender()
        }
        if settings.webhooks.authToken == nil {
            logger.warning("webhooks are accepted unsigned: set PARLEY_TWILIO_AUTH_TOKEN outside development")
        }

        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        // Admins edit the glossaries through /v1/glossaries; their edits are published to the database
        // and enforced at once here, and within a second on every other replica (GlossarySync).
        let glossaries = GlossaryShelf(
            library: pipelineOptions.glossaries.library, industry: pipelineOptions.industry, current: pipeline.glossary,
            shared: SharedGlossaries(store: opened.store))
        var services = ParleyServices(
            pipeline: pipeline, store: opened.store, sender: sender, access: access, webhooks: settings.webhooks,
            glossaries: glossaries, rateLimit: settings.rateLimit, metrics: registry, messagingConfiguration: settings.jobs)
        services.trustedProxies = settings.trustedProxies
        let app = buildApplication(
            services, configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "parley"), logger: logger)
        // Translations and sends are durable jobs in the store: this replica's worker runs its share.
        guard let messaging = services.messaging else { throw ValidationError("--database: no conversation store") }
        try await Self.importStarterMemory(messaging, from: memories, logger: logger)
        let jobs = JobWorker(messaging: messaging)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app), .init(service: jobs), .init(service: GlossarySync(shelf: glossaries, logger: logger))],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))

        Self.note("parley: serving on http://\(settings.host):\(settings.port) (database \(opened.shownName), backend \(pipeline.backend.identity), sender \(sender.name))")
        do {
            try await group.run()
        } catch {
            await opened.close()
            throw error
        }
        await opened.close()
    }

    /// The settings: these options first, then the environment, then the JSON file.
    func readSettings() async throws -> ServeSettings {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { values["parley.host"] = .init(.string(host), isSecret: false) }
        if let port { values["parley.port"] = .init(.int(port), isSecret: false) }
        if let database { values["parley.database"] = .init(.string(database), isSecret: false) }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "options", values: values),
            EnvironmentVariablesProvider(secretsSpecifier: .specific(["PARLEY_API_KEYS", "PARLEY_TWILIO_AUTH_TOKEN"])),
        ]
        let environment = ProcessInfo.processInfo.environment
        if let file = config ?? environment["PARLEY_CONFIG_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(file)))
            } catch {
                throw ValidationError("--config: cannot read \(file) as JSON settings: \(error)")
            }
        }
        do {
            return try ServeSettings(config: ConfigReader(providers: providers))
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The conversation store and cache tier on an SQLite file or a Postgres database.
    static func open(_ database: String) async throws -> OpenedDatabase {
        do {
            if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
                // Several replicas can share one Postgres database; events reach each over LISTEN/NOTIFY.
                let db = try await PostgresDatabase.connect(.init(url: database))
                return OpenedDatabase(
                    store: PostgresThreadStore(database: db), cache: PostgresTranslationCacheStore(database: db), shownName: "postgres",
                    close: { await db.close() })
            }
            let db = try ParleyDatabase(path: database)
            return OpenedDatabase(
                store: SQLiteThreadStore(database: db), cache: SQLiteTranslationCacheStore(database: db), shownName: database, close: {})
        } catch {
            throw ValidationError("--database: \(error)")
        }
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// The store and cache tier `parley serve` opened, and how to close them.
struct OpenedDatabase {
    var store: any ThreadStore
    var cache: any TranslationCacheStore
    var shownName: String
    var close: @Sendable () async -> Void
}
