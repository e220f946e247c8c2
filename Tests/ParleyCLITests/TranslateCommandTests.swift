import Foundation
import Testing

/// `parley translate` against the real Apertium APy that `scripts/test` starts.
@Suite struct TranslateCommandTests {
    static func apertiumURL() throws -> String {
        let url = ProcessInfo.processInfo.environment["PARLEY_APERTIUM_URL"] ?? ""
        try #require(!url.isEmpty, "PARLEY_APERTIUM_URL is not set: run the tests with scripts/test")
        return url
    }

    @Test func printsTheRealServersTranslation() throws {
        let result = try ParleyProcess.run([
            "translate", "--from", "es", "--to", "en", "--backend", "apertium", "--backend-url", try Self.apertiumURL(),
            "Hola, necesito servicio",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Hello, I need service\n")
    }

    @Test func outboundJSONShowsStagesProvenanceEncodingAndSegments() throws {
        let result = try ParleyProcess.run(
            ["translate", "--to", "es", "--industry", "hvac", "--backend", "apertium", "--backend-url", try Self.apertiumURL(),
             "--dir", Self.glossaries, "--json"],
            stdin: Data("Your technician will call you at (410) 555-0123.\nThank you 👍\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["direction"] as? String == "outbound")
        #expect(first["status"] as? String == "translated")
        #expect(first["from"] as? String == "en" && first["to"] as? String == "es")
        let text = try #require(first["text"] as? String)
        #expect(text.contains("técnico") && text.contains("(410) 555-0123"))
        #expect(first["readyToSend"] as? Bool == true)
        let stages = try #require(first["stages"] as? [[String: Any]]).compactMap { $0["stage"] as? String }
        #expect(Array(stages.prefix(5)) == ["intake", "cache", "protect", "translate", "restore"])
        #expect(stages.contains("backTranslate.translate"))
        let provenance = try #require(first["provenance"] as? [String: Any])
        #expect(provenance["backend"] as? String == "apertium-apy/0.11")
        #expect(provenance["origin"] as? String == "backend")
        #expect((provenance["glossaries"] as? [String: String])?["hvac"]?.hasPrefix("sha256:") == true)
        #expect(provenance["glossaryTerms"] as? Int == 1)
        let sms = try #require(first["sms"] as? [String: Any])
        #expect(sms["encoding"] as? String == "GSM-7" || sms["encoding"] as? String == "UCS-2")
        #expect((sms["segments"] as? Int).map { $0 >= 1 } == true)
        let back = try #require(first["backTranslation"] as? [String: Any])
        #expect((back["text"] as? String)?.contains("(410) 555-0123") == true)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect((second["sms"] as? [String: Any])?["encoding"] as? String == "UCS-2")  // the emoji
    }

    /// A script counts the doubtful replies by their `doubts`: a reply the engine did not fully know
    /// has reasons and needs confirming; a clean one has none; a held one keeps readyToSend false.
    @Test func aDoubtfulReplyCarriesItsDoubts() throws {
        let result = try ParleyProcess.run(
            ["translate", "--to", "es", "--backend", "apertium", "--backend-url", try Self.apertiumURL(), "--json"],
            stdin: Data("Your appointment is confirmed.\nWe will clean the ductwork tomorrow.\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.count == 2)
        #expect((lines[0]["doubts"] as? [String])?.isEmpty == true)
        #expect(lines[0]["readyToSend"] as? Bool == true)
        #expect(lines[0]["needsConfirmation"] as? Bool == false)
        let doubts = try #require(lines[1]["doubts"] as? [String])
        #expect(doubts.contains { $0.contains("ductwork") })
        #expect(lines[1]["needsConfirmation"] as? Bool == true)
        #expect(lines[1]["readyToSend"] as? Bool == false)
        #expect(result.stderr.contains("check before sending"))

        // The register is asked for and checked.
        let formal = try ParleyProcess.run(
            ["translate", "--to", "es", "--formality", "formal", "--backend", "apertium", "--backend-url", try Self.apertiumURL(),
             "--json", "See you tomorrow."])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(formal.stdout.utf8)) as? [String: Any])
        #expect((record["doubts"] as? [String])?.contains { $0.contains("formally") } == true, "\(record)")
        let wrong = try ParleyProcess.run(["translate", "--to", "es", "--formality", "polite", "Hi"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("neither formal nor informal"))
    }

    @Test func inboundDetectsTheLanguageAndKeepsTheOriginal() throws {
        let message = "Hola, el técnico no llegó 😡 llamen al 410-555-0123"
        let result = try ParleyProcess.run(
            ["translate", "--industry", "hvac", "--backend", "apertium", "--backend-url", try Self.apertiumURL(),
             "--dir", Self.glossaries, "--json", message])
        #expect(result.status == 0, "\(result.stderr)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(record["direction"] as? String == "inbound")
        #expect(record["original"] as? String == message)
        #expect((record["detection"] as? [String: Any])?["language"] as? String == "es")
        #expect((record["text"] as? String)?.contains("technician") == true)
        let stages = try #require(record["stages"] as? [[String: Any]]).compactMap { $0["stage"] as? String }
        #expect(stages == ["intake", "compliance", "detect", "cache", "protect", "translate", "restore", "check"])
    }

    @Test func nothingToTranslateIsPrintedAsItIs() throws {
        let result = try ParleyProcess.run([
            "translate", "--backend", "apertium", "--backend-url", "http://127.0.0.1:9", "👍🏽 https://example.com/x",
        ])
        #expect(result.status == 0, "\(result.stderr)")  // the backend is down, and never needed
        #expect(result.stdout == "👍🏽 https://example.com/x\n")
    }

    static let glossaries = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("glossaries").path

    @Test func unreachableBackendIsAClearFailure() throws {
        let result = try ParleyProcess.run([
            "translate", "--from", "es", "--to", "en", "--backend", "apertium", "--backend-url", "http://127.0.0.1:9", "Hola",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("apertium: unavailable"))
        #expect(result.stderr.contains("check that the backend is running"))
        #expect(result.stdout.isEmpty)
    }

    @Test func missingKeyNamesTheVariable() throws {
        let result = try ParleyProcess.run(["translate", "--from", "es", "--to", "en", "--backend", "deepl", "Hola"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("set PARLEY_DEEPL_KEY"))
    }
}

/// `parley translate --cache`: translations kept in an SQLite file between runs.
@Suite struct TranslateCacheTests {
    @Test func aSecondRunIsAnsweredByTheSQLiteFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-cli-cache-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cache.sqlite").path
        let arguments = [
            "translate", "--from", "es", "--backend", "apertium", "--backend-url", try TranslateCommandTests.apertiumURL(),
            "--cache", file, "--json", "Necesito servicio esta semana",
        ]
        func origin(_ output: ParleyProcess.Output) throws -> String? {
            let record = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
            return (record?["provenance"] as? [String: Any])?["origin"] as? String
        }
        let first = try ParleyProcess.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try origin(first) == "backend")
        #expect(FileManager.default.fileExists(atPath: file))
        let second = try ParleyProcess.run(arguments)
        #expect(try origin(second) == "persistentCache")
        #expect(second.stdout.contains("I need service"))
    }

    @Test func aCacheFileThatIsNotADatabaseIsAClearError() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("parley-not-a-db-\(UUID()).sqlite")
        try Data("this is not SQLite".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ParleyProcess.run(["translate", "--from", "es", "--cache", file.path, "Hola"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--cache") && result.stderr.contains("not an SQLite database"))
        #expect(try Data(contentsOf: file) == Data("this is not SQLite".utf8))
    }
}
