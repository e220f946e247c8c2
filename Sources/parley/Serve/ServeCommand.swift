import ArgumentParser
import Foundation
import Hummingbird
import ParleyGlossary
import ParleyServer
import ParleyThreads
import ParleyTranslation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Parley service (HTTP API) on loopback.",
        discussion: """
            Serves the rep's API (/v1/conversations, /v1/contacts, preview and send, server-sent \
            events), the glossaries (/v1/glossaries: admins edit, import and export; edits apply at once), \
            GET /healthz and POST /v1/preview. Conversations live in --database (an SQLite \
            file, created if missing, or a postgres:// URL shared by several replicas). API keys come from PARLEY_API_KEYS (core=KEY, \
            rep:EMAIL=KEY, admin:EMAIL=KEY); with --demo, a demo rep, number, contact and template \
            are seeded and, when no keys are configured, a key is made for the demo rep and printed. \
            Outbound SMS go to the log unless Twilio is configured. The backend, glossary and cache \
            options are those of parley translate. Stops cleanly on SIGINT or SIGTERM.
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: ArgumentHelp("The conversation database: an SQLite file path, or a postgres:// URL (default parley.sqlite; PARLEY_DATABASE).", valueName: "path"))
    var database = ProcessInfo.processInfo.environment["PARLEY_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "parley.sqlite"

    @Flag(help: "Seed a demo rep, number, contact and template (and a demo API key when none are configured).")
    var demo = false

    @OptionGroup var pipelineOptions: PipelineOptions

    func run() async throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        let settings = try pipelineOptions.backendSettings()
        let client = CurlHTTPClient(configuration: settings.clientConfiguration)
        defer { client.shutdown() }

        let store: any ThreadStore
        let cacheStore: any TranslationCacheStore
        var postgres: PostgresDatabase?
        do {
            if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
                // Several replicas can share one Postgres database; events reach each over LISTEN/NOTIFY.
                let db = try await PostgresDatabase.connect(.init(url: database))
                postgres = db
                store = PostgresThreadStore(database: db)
                cacheStore = PostgresTranslationCacheStore(database: db)
            } else {
                let db = try ParleyDatabase(path: database)
                store = SQLiteThreadStore(database: db)
                cacheStore = SQLiteTranslationCacheStore(database: db)
            }
        } catch {
            throw ValidationError("--database: \(error)")
        }
        var pipeline = try pipelineOptions.makePipeline(backend: try pipelineOptions.makeBackend(settings: settings, client: client))
        if pipelineOptions.cache == nil {
            // The conversation database holds the cache's persistent tier too.
            pipeline = TranslationPipeline(
                backend: pipeline.backend, detector: pipeline.detector, glossary: pipeline.glossary,
                cache: TranslationCache(persistent: cacheStore), configuration: pipeline.configuration)
        }

        let environment = ProcessInfo.processInfo.environment
        var keysText = environment["PARLEY_API_KEYS"] ?? ""
        if let file = environment["PARLEY_API_KEYS_FILE"], !file.isEmpty {
            do { keysText = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) } catch {
                throw ValidationError("PARLEY_API_KEYS_FILE: cannot read \(file): \(error.localizedDescription)")
            }
        }
        if demo {
            let seeded = try await DemoSeed.seed(store)
            if keysText.isEmpty {
                let key = "demo-" + UUID().uuidString.lowercased()
                keysText = "admin:\(DemoSeed.repEmail)=\(key)"
                Self.note("""
                    demo: rep \(seeded.rep.email) on \(seeded.number.phone), contact \(seeded.contact.name ?? "") \(seeded.contact.phone) (es)
                    demo: API key for this run (PARLEY_API_KEYS to set your own): \(key)
                    demo: try  curl -s -H 'Authorization: Bearer \(key)' http://\(host):\(port)/v1/conversations
                    demo:      curl -s -H 'Authorization: Bearer \(key)' -H 'Content-Type: application/json' \
                    -d '{"text": "Your technician is on the way 👍"}' http://\(host):\(port)/v1/conversations/\(seeded.conversation.id)/messages
                    """)
            }
        }
        let access: AccessKeys
        do { access = try AccessKeys(parsing: keysText) } catch { throw ValidationError(error.description) }

        // Admins edit the glossaries folder through /v1/glossaries; their edits are enforced at once.
        let glossaries = GlossaryShelf(
            library: pipelineOptions.glossaries.library, industry: pipelineOptions.industry, current: pipeline.glossary)
        let app = buildApplication(
            ParleyServices(pipeline: pipeline, store: store, sender: LogSender(), access: access, glossaries: glossaries),
            configuration: .init(address: .hostname(host, port: port), serverName: "parley"))
        let shown = postgres == nil ? database : "postgres"
        Self.note("parley: serving on http://\(host):\(port) (database \(shown), backend \(pipeline.backend.identity))")
        do {
            try await app.runService()
        } catch {
            await postgres?.close()
            throw error
        }
        await postgres?.close()
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
