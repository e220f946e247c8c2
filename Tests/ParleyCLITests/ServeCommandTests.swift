import Foundation
import Testing

/// `parley serve` as a user runs it: a real process on a loopback port, stopped with SIGTERM.
@Suite struct ServeCommandTests {
    @Test func servesHealthAndStopsCleanlyOnSIGTERM() async throws {
        let port = Int.random(in: 20_000..<40_000)
        let process = Process()
        process.executableURL = ParleyProcess.executable
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("parley-serve-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        process.arguments = [
            "serve", "--port", String(port), "--database", database, "--backend", "apertium", "--backend-url", try TranslateCommandTests.apertiumURL(),
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        var body: [String: Any]?
        for _ in 0..<100 where body == nil {
            try await Task.sleep(for: .milliseconds(100))
            if let (data, _) = try? await Self.get("http://127.0.0.1:\(port)/healthz") {
                body = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            }
        }
        #expect(body?["status"] as? String == "ok")
        #expect(body?["backendHealthy"] as? Bool == true)

        process.terminate()  // SIGTERM
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    /// A GET with curl (FoundationNetworking is not linked into the tests).
    static func get(_ url: String) async throws -> (Data, Int32) {
        let curl = Process()
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
