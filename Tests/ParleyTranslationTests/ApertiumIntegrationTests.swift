import Foundation
import ParleyHTTP
import ParleyTesting
import ParleyLanguage
import ParleyTranslation
import Testing

/// Against a real Apertium APy on loopback. `scripts/test` starts one and exports its URL as
/// PARLEY_APERTIUM_URL; the restart test starts and stops a server of its own.
@Suite(.serialized) struct ApertiumIntegrationTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sharedClient = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(20)))
    var client: ParleyHTTPClient { Self.sharedClient }
    let es = LanguageTag("es")!
    let en = LanguageTag("en")!

    static func serverURL() throws -> String {
        let url = ProcessInfo.processInfo.environment["PARLEY_APERTIUM_URL"] ?? ""
        try #require(!url.isEmpty, "PARLEY_APERTIUM_URL is not set: run the tests with scripts/test, or start APy with `scripts/apertium start` and export its URL")
        return url
    }

    @Test func spanishToEnglish() async throws {
        let backend = ApertiumBackend(baseURL: try Self.serverURL(), client: client)
        let english = try await backend.translate("Hola, necesito servicio para mi aire acondicionado esta semana", from: es, to: en)
        #expect(english.hasPrefix("Hello, I need service"))
        #expect(english.contains("this week"))
    }

    @Test func englishToSpanishBatchInOrder() async throws {
        let backend = ApertiumBackend(baseURL: try Self.serverURL(), client: client)
        let spanish = try await backend.translate(
            ["I need service this week", "Thank you", "  The technician arrives tomorrow.  ", ""], from: en, to: es, options: .init())
        #expect(spanish.count == 4)
        #expect(spanish[0].contains("servicio"))
        #expect(spanish[1].lowercased().contains("gracias"))
        #expect(spanish[2].hasPrefix("  ") && spanish[2].hasSuffix(".  "))  // white space kept around the text
        #expect(spanish[2].contains("técnico"))
        #expect(spanish[3] == "")
    }

    @Test func longTextIsSplitAndRejoinedWithoutLoss() async throws {
        let backend = ApertiumBackend(baseURL: try Self.serverURL(), client: client)
        let sentences = (1...300).map { "El técnico número \($0) llega mañana a las nueve." }
        let text = sentences.joined(separator: " ")
        #expect(text.count > 12_000)  // far past what APy keeps from one request
        let english = try await backend.translate(text, from: es, to: en)
        // Every numbered sentence is there, in order.
        var position = english.startIndex
        for number in 1...300 {
            let range = try #require(english.range(of: "\(number) ", range: position..<english.endIndex), "sentence \(number) is missing")
            position = range.upperBound
        }
        #expect(english.hasSuffix("."))
    }

    @Test func asterisksSurvive() async throws {
        // "*" is APy's unknown-word mark: 5*3 must not come back as 53 or as a marked word.
        let backend = ApertiumBackend(baseURL: try Self.serverURL(), client: client)
        #expect(try await backend.translate("El precio es 5*3 = 15", from: es, to: en) == "The price is 5*3 = 15")
        #expect(try await backend.translate("Rate us *5 stars* please", from: en, to: es).contains("*5 estrellas*"))
    }

    @Test func supportedPairsAndHealth() async throws {
        let backend = ApertiumBackend(baseURL: try Self.serverURL(), client: client)
        let pairs = try await backend.supportedPairs()
        #expect(pairs.contains(LanguagePair(es, en)))
        #expect(pairs.contains(LanguagePair(en, es)))
        #expect(await backend.health().isHealthy)
    }

    @Test func pairNotInstalledIsUnsupported() async throws {
        let backend = ApertiumBackend(baseURL: try Self.serverURL(), client: client)
        await #expect {
            try await backend.translate("Bonjour", from: LanguageTag("fr")!, to: en)
        } throws: { error in
            (error as? TranslationError)?.code == .unsupportedPair
        }
    }

    @Test func serverStoppedMidRunThenBack() async throws {
        let server = try ApertiumProcess(repository: Self.repository)
        defer { server.stop() }
        let url = try server.start()
        let backend = ApertiumBackend(baseURL: url, client: client)
        #expect(try await backend.translate("Gracias", from: es, to: en).contains("Thank"))

        server.stop()
        await #expect {
            try await backend.translate("Gracias", from: es, to: en)
        } throws: { error in
            guard let error = error as? TranslationError else { return false }
            return error.code == .unavailable && error.description.contains("check that the backend is running")
        }

        // Back on the same port: the same backend value recovers.
        _ = try server.start(port: server.port)
        #expect(try await backend.translate("Gracias", from: es, to: en).contains("Thank"))
    }
}

/// A private APy started and stopped through `scripts/apertium`, with its own state folder.
final class ApertiumProcess: @unchecked Sendable {
    let script: URL
    let state: URL
    private(set) var port: Int?

    init(repository: URL) throws {
        script = repository.appendingPathComponent("scripts/apertium")
        state = FileManager.default.temporaryDirectory.appendingPathComponent("parley-apy-\(UUID())")
    }

    @discardableResult
    func start(port: Int? = nil) throws -> String {
        let output = try run(["start"] + (port.map { ["--port", String($0)] } ?? []))
        let url = output.trimmingCharacters(in: .whitespacesAndNewlines)
        self.port = URLComponents(string: url)?.port
        return url
    }

    func stop() {
        _ = try? run(["stop"])
    }

    private func run(_ arguments: [String]) throws -> String {
        let process = ChildProcess()
        process.executableURL = script
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PARLEY_APERTIUM_STATE"] = state.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "scripts/apertium \(arguments.joined(separator: " ")) failed"])
        }
        return String(decoding: data, as: UTF8.self)
    }
}
