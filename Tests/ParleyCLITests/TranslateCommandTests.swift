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

    @Test func jsonHasTheWholeResult() throws {
        let result = try ParleyProcess.run(
            ["translate", "--from", "en", "--to", "es", "--backend", "apertium", "--backend-url", try Self.apertiumURL(), "--json"],
            stdin: Data("I need service this week\nThank you\n".utf8))
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["backend"] as? String == "apertium")
        #expect(first?["from"] as? String == "en")
        #expect(first?["to"] as? String == "es")
        #expect(first?["text"] as? String == "I need service this week")
        #expect((first?["translation"] as? String)?.contains("servicio") == true)
        #expect((first?["milliseconds"] as? Double).map { $0 > 0 } == true)
    }

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
