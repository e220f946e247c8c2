import Foundation
import ParleyTesting
import Testing

/// `parley serve` settings as an operator gives them (options, environment, a JSON file), and a
/// graceful stop while a rep's event stream is open.
@Suite struct ServeSettingsTests {
    /// A `parley serve` process on a temporary database.
    final class Server {
        let process = ChildProcess()
        let folder: URL
        let stderr = Pipe()

        init(arguments: [String], environment: [String: String] = [:]) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-serve-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            process.executableURL = ParleyProcess.executable
            process.arguments = ["serve", "--backend", "apertium", "--backend-url", try TranslateCommandTests.apertiumURL()] + arguments
            var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PARLEY_") || $0.key == "PARLEY_APERTIUM_URL" }
            env["PARLEY_DATABASE"] = folder.appendingPathComponent("parley.sqlite").path
            env.merge(environment) { $1 }
            process.environment = env
            process.standardOutput = FileHandle.nullDevice
            process.standardError = stderr
            try process.run()
        }

        /// Waits for `/healthz` on a port; false when the process exits or time runs out.
        func waitForHealth(port: Int) async throws -> Bool {
            for _ in 0..<150 {
                if !process.isRunning { return false }
                if (try? await ServeCommandTests.get("http://127.0.0.1:\(port)/healthz")) != nil { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }

        /// Waits for the process to end; its status, or nil if it is still running after `timeout`.
        func waitForExit(within timeout: Duration) async throws -> Int32? {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            return process.isRunning ? nil : process.terminationStatus
        }

        var errorOutput: String {
            String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(at: folder)
        }
    }

    static func freePort() -> Int { Int.random(in: 20_000..<40_000) }

    @Test func theEnvironmentOverridesTheFileAndTheOptionOverridesBoth() async throws {
        let (filePort, envPort, optionPort) = (Self.freePort(), Self.freePort(), Self.freePort())
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("parley-settings-\(UUID()).json")
        try Data(#"{"parley": {"port": \#(filePort), "limits": {"burst": 5}}}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let fromEnvironment = try Server(arguments: ["--config", file.path], environment: ["PARLEY_PORT": String(envPort)])
        #expect(try await fromEnvironment.waitForHealth(port: envPort))
        fromEnvironment.process.terminate()
        #expect(try await fromEnvironment.waitForExit(within: .seconds(10)) == 0)

        let fromFile = try Server(arguments: [], environment: ["PARLEY_CONFIG_FILE": file.path])
        #expect(try await fromFile.waitForHealth(port: filePort))
        fromFile.process.terminate()
        #expect(try await fromFile.waitForExit(within: .seconds(10)) == 0)

        let fromOption = try Server(arguments: ["--port", String(optionPort), "--config", file.path], environment: ["PARLEY_PORT": String(envPort)])
        #expect(try await fromOption.waitForHealth(port: optionPort))
        fromOption.process.terminate()
        #expect(try await fromOption.waitForExit(within: .seconds(10)) == 0)
    }

    @Test func aSettingThatIsNotANumberStopsTheServerWithItsName() async throws {
        let server = try Server(arguments: ["--port", String(Self.freePort())], environment: ["PARLEY_LIMITS_BURST": "lots"])
        let status = try await server.waitForExit(within: .seconds(20))
        #expect(status != nil && status != 0)
        let output = server.errorOutput
        #expect(output.contains("parley.limits.burst"))
        #expect(output.contains("lots"))
    }

    @Test func aRetentionOfNoDaysStopsTheServerWithItsName() async throws {
        let server = try Server(arguments: ["--port", String(Self.freePort())], environment: ["PARLEY_RETENTION_EVENT_DAYS": "0"])
        let status = try await server.waitForExit(within: .seconds(20))
        #expect(status != nil && status != 0)
        #expect(server.errorOutput.contains("parley.retention.eventDays"), "\(server.errorOutput)")
    }

    @Test func twilioWithoutItsTokenIsRefused() async throws {
        let server = try Server(arguments: ["--port", String(Self.freePort())], environment: ["PARLEY_TWILIO_ACCOUNT_SID": "AC0123"])
        let status = try await server.waitForExit(within: .seconds(20))
        #expect(status != nil && status != 0)
        #expect(server.errorOutput.contains("PARLEY_TWILIO_AUTH_TOKEN"))
    }

    @Test func sigtermWithAnEventStreamOpenStopsPromptly() async throws {
        let port = Self.freePort()
        let key = "admin-key-0123456789abcdef"
        // --demo seeds the admin the key belongs to.
        let server = try Server(
            arguments: ["--port", String(port), "--demo"], environment: ["PARLEY_API_KEYS": "admin:demo.rep@parley.local=\(key)"])
        #expect(try await server.waitForHealth(port: port))

        let curl = ChildProcess()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-sN", "--max-time", "30", "-H", "Authorization: Bearer \(key)", "http://127.0.0.1:\(port)/v1/events"]
        let output = Pipe()
        curl.standardOutput = output
        curl.standardError = FileHandle.nullDevice
        try curl.run()
        defer { if curl.isRunning { kill(curl.processIdentifier, SIGKILL) } }
        try await Task.sleep(for: .milliseconds(500))
        #expect(curl.isRunning)  // the stream is open

        server.process.terminate()  // SIGTERM, as a deploy would
        #expect(try await server.waitForExit(within: .seconds(5)) == 0)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.hasPrefix("retry:"))
    }
}
