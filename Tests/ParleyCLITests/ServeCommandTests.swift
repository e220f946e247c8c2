import Foundation
import ParleyTesting
import Testing

/// `parley serve` as a user runs it: a real process on a loopback port, stopped with SIGTERM.
@Suite struct ServeCommandTests {
    @Test func servesHealthAndStopsCleanlyOnSIGTERM() async throws {
        let port = ServeSettingsTests.freePort()
        let server = try ServeSettingsTests.Server(arguments: ["--port", String(port)])
        #expect(try await server.waitForHealth(port: port))
        let (data, _) = try await Self.get("http://127.0.0.1:\(port)/healthz")
        let body = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(body?["status"] as? String == "ok")
        #expect(body?["backendHealthy"] as? Bool == true)

        server.process.terminate()  // SIGTERM
        #expect(try await server.waitForExit(within: .seconds(10)) == 0)
        #expect(server.process.terminationReason == .exit)
    }

    /// A GET with curl (FoundationNetworking is not linked into the tests).
    static func get(_ url: String) async throws -> (Data, Int32) {
        let curl = ChildProcess()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-sf", "--max-time", "2", url]
        let pipe = Pipe()
        curl.standardOutput = pipe
        curl.standardError = FileHandle.nullDevice
        try curl.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        guard curl.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return (data, curl.terminationStatus)
    }
}
