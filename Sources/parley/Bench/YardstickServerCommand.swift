import ArgumentParser
import Hummingbird

/// `parley bench-yardstick-server` (hidden): the yardstick of `parley bench http`, a Hummingbird
/// application with no middleware whose one route, `GET /`, answers `ok`. It is a subcommand of
/// this binary rather than an executable of the `Benchmarks/` package so that it is built by the same
/// release build, with the same Hummingbird, compiler and flags as the server it is compared with,
/// and costs no second build of the whole package on a small machine.
struct YardstickServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-yardstick-server",
        abstract: "A Hummingbird server with no middleware answering GET / with ok (the http benchmark's yardstick).",
        shouldDisplay: false
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port: Int

    func run() async throws {
        let router = Router()
        router.get("/") { _, _ in "ok" }
        let application = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "yardstick"))
        try await application.runService()
    }
}
