import ArgumentParser
import Configuration
import Foundation
import Logging
import Metrics
import ParleyServer
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

    @Option(help: "The port to listen on (default 8080; 0 for any free port; PARLEY_PORT).")
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
        var logger = Logger(label: "parley")
        logger.logLevel = .info
        let configuration = try parleyConfiguration(try await readSettings())
        if let registry = configuration.metrics {
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        }
        if configuration.webhooks.authToken == nil {
            logger.warning("webhooks are accepted unsigned: set PARLEY_TWILIO_AUTH_TOKEN outside development")
        }
        let application: ParleyApplication
        do {
            application = try await buildApplication(configuration: configuration, logger: logger)
        } catch {
            throw ValidationError(explanation(of: error))
        }
        noteDemo(application)
        noteStarterMemory(application)
        // Said once the socket is bound, with the port it got (port 0 asks the system for one).
        let announcement = Task { [application, host = configuration.host] in
            guard let port = await application.waitUntilListening() else { return }
            Self.note(
                "parley: serving on http://\(host):\(port) (database \(application.databaseName), "
                    + "backend \(application.backendIdentity), sender \(application.senderName))")
        }
        defer { announcement.cancel() }
        // Requests in flight finish first; the application then closes its database. A request
        // stuck on the database (a connection its server ended while this process was paused)
        // does not hold the process for ever: after 20 s the rest is cancelled.
        var group = ServiceGroupConfiguration(
            services: [.init(service: application)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(20)
        try await ServiceGroup(configuration: group).run()
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

    /// The conversation store and cache tier on an SQLite file or a Postgres database (`parley admin` too).
    static func open(_ database: String) async throws -> OpenedDatabase {
        do {
            return try await ParleyConfiguration.Database(database).open()
        } catch {
            throw ValidationError("--database: \(error.message)")
        }
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
