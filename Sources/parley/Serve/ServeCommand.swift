import ArgumentParser
import Hummingbird
import ParleyServer
import ParleyTranslation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Parley service (HTTP API) on loopback.",
        discussion: """
            Serves GET /healthz and POST /v1/preview (the rep's English as the contact will read it, \
            with its back-translation and SMS segments). The backend, glossary and cache options are \
            those of parley translate. Stops cleanly on SIGINT or SIGTERM.
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @OptionGroup var pipelineOptions: PipelineOptions

    func run() async throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        let settings = try pipelineOptions.backendSettings()
        let client = CurlHTTPClient(configuration: settings.clientConfiguration)
        defer { client.shutdown() }
        let pipeline = try pipelineOptions.makePipeline(backend: try pipelineOptions.makeBackend(settings: settings, client: client))
        let app = buildApplication(
            ParleyServices(pipeline: pipeline),
            configuration: .init(address: .hostname(host, port: port), serverName: "parley"))
        try await app.runService()
    }
}
