import ArgumentParser
import Foundation
import Logging
import ParleyServer
import ParleyTesting
import ParleyThreads
import ParleyTranslation
import ServiceLifecycle
import Testing

@testable import parley

/// The service built in process through `buildApplication(configuration:logger:)` from the very
/// configuration `parley serve` makes of its options, environment and settings: served on a loopback
/// port over a real SQLite file and the real APy, then stopped gracefully.
@Suite struct ServeApplicationTests {
    static let logger = Logger(label: "parley.test.application")

    /// A temporary folder for the database, removed afterwards.
    static func withFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-application-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    /// `parley serve` with these options, parsed and mapped as the command does.
    static func serveConfiguration(_ arguments: [String]) async throws -> ParleyConfiguration {
        let command = try ServeCommand.parse(["--backend", "apertium", "--backend-url", try TranslateCommandTests.apertiumURL()] + arguments)
        return try command.parleyConfiguration(try await command.readSettings())
    }

    @Test func servesWhatParleyServeServesAndClosesItsDatabase() async throws {
        try await Self.withFolder { folder in
            let path = folder.appendingPathComponent("parley.sqlite").path
            // Port 0: the system picks a free port when the server binds, so no other test can take it first.
            let configuration = try await Self.serveConfiguration(["--database", path, "--port", "0", "--demo"])
            #expect(configuration.database == .sqlite(path: path))
            #expect(configuration.port == 0 && configuration.seedsDemo)
            #expect(configuration.backend.chain.map(\.name) == ["apertium"])

            let application = try await buildApplication(configuration: configuration, logger: Self.logger)
            #expect(application.databaseName == path)
            #expect(application.backendIdentity.hasPrefix("apertium"))
            #expect(application.senderName == "log")
            let demo = try #require(application.demo)
            let key = try #require(application.demoKey?.value, "PARLEY_API_KEYS is set in the test's environment")

            let group = ServiceGroup(configuration: .init(services: [.init(service: application)], logger: Self.logger))
            let running = Task { try await group.run() }
            let port = try #require(await application.waitUntilListening(), "the application stopped before it listened")
            #expect(port > 0 && application.port == port)
            let base = "http://127.0.0.1:\(port)"
            do {
                #expect(try await Self.waitForHealth(base))

                // The contact's Spanish SMS, unsigned (no Twilio token is configured): stored at once.
                let sid = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
                let webhook = try await HTTP.request(
                    "POST", base + "/webhooks/twilio/inbound", contentType: "application/x-www-form-urlencoded",
                    body: HTTP.form([
                        ("MessageSid", sid), ("From", DemoSeed.contactNumber), ("To", DemoSeed.businessNumber),
                        ("Body", "Hola, el aire acondicionado no enfría. ¿Pueden venir mañana?"),
                    ]))
                #expect(webhook.status == 200, "\(webhook.body)")

                // The application's job worker translates it; the rep reads it over the API.
                let messagesURL = base + "/v1/conversations/\(demo.conversation.id)/messages"
                var translated: [String: Any]?
                for _ in 0..<300 where translated == nil {
                    let listed = try await HTTP.request("GET", messagesURL, key: key)
                    let messages = try JSONSerialization.jsonObject(with: Data(listed.body.utf8)) as? [[String: Any]] ?? []
                    translated = messages.first { $0["providerMessageID"] as? String == sid && $0["translationStatus"] as? String == "translated" }
                    if translated == nil { try await Task.sleep(for: .milliseconds(100)) }
                }
                let message = try #require(translated, "the worker did not translate the inbound message")
                #expect((message["shownText"] as? String)?.lowercased().contains("cool") == true, "\(message)")
                #expect(try await application.store.messages(conversationID: demo.conversation.id, afterSequence: 0, limit: 10).count == 1)

                // The rep previews an English reply: the contact's Spanish and its back-translation.
                let preview = try await HTTP.request(
                    "POST", base + "/v1/conversations/\(demo.conversation.id)/preview", key: key, contentType: "application/json",
                    body: #"{"text": "Yes, a technician can come tomorrow."}"#)
                #expect(preview.status == 200, "\(preview.body)")
                let previewed = try JSONSerialization.jsonObject(with: Data(preview.body.utf8)) as? [String: Any]
                #expect(previewed?["language"] as? String == "es")
                #expect((previewed?["text"] as? String)?.isEmpty == false)
                #expect((previewed?["backTranslation"] as? String)?.isEmpty == false)
            } catch {
                running.cancel()
                throw error
            }

            // Graceful shutdown: the group ends without an error and the database is closed.
            await group.triggerGracefulShutdown()
            try await running.value
            await #expect(throws: (any Error).self) { _ = try await application.store.reps() }

            // The file is whole and free: the next run opens it and finds the message and the demo data.
            let reopened = try ParleyDatabase(path: path)
            defer { try? reopened.close() }
            let store = SQLiteThreadStore(database: reopened)
            let stored = try await store.messages(conversationID: demo.conversation.id, afterSequence: 0, limit: 10)
            #expect(stored.count == 1)
            #expect(stored.first?.translationStatus == .translated)
            #expect(try await store.rep(email: DemoSeed.repEmail) != nil)
        }
    }

    @Test func theTranslationCacheMemoryBudgetIsASettingTheServiceUses() async throws {
        try await Self.withFolder { folder in
            let settings = folder.appendingPathComponent("settings.json")
            let database = ["--database", folder.appendingPathComponent("parley.sqlite").path, "--port", "0"]
            #expect(try await Self.serveConfiguration(database).cache.memoryBytes == 32 << 20)

            try Data(#"{"parley": {"cache": {"memoryMegabytes": 4}}}"#.utf8).write(to: settings)
            let configuration = try await Self.serveConfiguration(database + ["--config", settings.path])
            #expect(configuration.cache.memoryBytes == 4 << 20)
            let application = try await buildApplication(configuration: configuration, logger: Self.logger)
            #expect(await application.services.pipeline.cache?.memory.maximumBytes == 4 << 20)
            // Run and stopped, so that it closes its database.
            let group = ServiceGroup(configuration: .init(services: [.init(service: application)], logger: Self.logger))
            let running = Task { try await group.run() }
            #expect(await application.waitUntilListening() != nil)
            await group.triggerGracefulShutdown()
            try await running.value

            // No memory at all is not a budget: refused with the key.
            try Data(#"{"parley": {"cache": {"memoryMegabytes": 0}}}"#.utf8).write(to: settings)
            do {
                _ = try await Self.serveConfiguration(database + ["--config", settings.path])
                Issue.record("took a cache of 0 MiB")
            } catch let error as ValidationError {
                #expect(error.message.contains("parley.cache.memoryMegabytes"), "\(error.message)")
            }
        }
    }

    @Test func aConfigurationThatCannotBeUsedNamesItsPartAndLeavesNoDatabase() async throws {
        try await Self.withFolder { folder in
            let path = folder.appendingPathComponent("parley.sqlite").path
            // DeepL without its key: refused while the configuration is read, before any database is created.
            do {
                _ = try BackendConfiguration(environment: ["PARLEY_BACKEND": "deepl"])
                Issue.record("configured DeepL without its key")
            } catch let error as ValidationError {
                #expect(error.message.contains("PARLEY_DEEPL_KEY"), "\(error.message)")
            }
            var configuration: ParleyConfiguration
            #expect(!FileManager.default.fileExists(atPath: path))

            // A database that is not SQLite: the command names --database, and the file is untouched.
            try Data("not a database".utf8).write(to: URL(fileURLWithPath: path))
            configuration = try await Self.serveConfiguration(["--database", path])
            do {
                _ = try await buildApplication(configuration: configuration, logger: Self.logger)
                Issue.record("built on a file that is not a database")
            } catch let error as ParleyApplicationError {
                #expect(error.code == .database)
                let command = try ServeCommand.parse(["--database", path])
                #expect(command.explanation(of: error).hasPrefix("--database: "))
            }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a database")

            // An industry while translating without glossaries.
            configuration.database = .sqlite(path: folder.appendingPathComponent("other.sqlite").path)
            configuration.glossaries = .init(industry: "hvac", enforced: false)
            do {
                _ = try await buildApplication(configuration: configuration, logger: Self.logger)
                Issue.record("built with an industry and no glossary")
            } catch let error as ParleyApplicationError {
                #expect(error.code == .glossaries)
            }
        }
    }

    /// Waits for `GET /healthz` to answer 200; false when time runs out.
    static func waitForHealth(_ base: String) async throws -> Bool {
        for _ in 0..<150 {
            if let health = try? await HTTP.request("GET", base + "/healthz"), health.status == 200 { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}

/// HTTP through curl (FoundationNetworking is not linked into the tests).
enum HTTP {
    struct Response {
        var status: Int
        var body: String
    }

    /// Sends a request and returns its status and body.
    static func request(
        _ method: String, _ url: String, key: String? = nil, contentType: String? = nil, body: String? = nil
    ) async throws -> Response {
        let curl = ChildProcess()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        // A generous limit: a preview translates, which takes seconds on a busy machine.
        var arguments = ["-s", "--max-time", "60", "-X", method, "-w", "\n%{http_code}"]
        if let key { arguments += ["-H", "Authorization: Bearer \(key)"] }
        if let contentType { arguments += ["-H", "Content-Type: \(contentType)"] }
        if let body { arguments += ["--data-binary", body] }
        curl.arguments = arguments + [url]
        let output = Pipe()
        curl.standardOutput = output
        curl.standardError = FileHandle.nullDevice
        try curl.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard curl.terminationStatus == 0, let cut = text.lastIndex(of: "\n"), let status = Int(text[text.index(after: cut)...]) else {
            throw TestFailure("curl \(method) \(url) ended with \(curl.terminationStatus) and no status")
        }
        return Response(status: status, body: String(text[..<cut]))
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// A form body, percent-encoded.
    static func form(_ fields: [(String, String)]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return fields.map { name, value in
            (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "="
                + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
    }
}
