import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyThreads
import ParleyTranslation
import Testing

/// Pipeline results, made by the real pipeline and the real APy (`scripts/test` starts one), stored on messages.
@Suite struct MessageTranslationTests {
    @Test func aTranslatedInboundResultIsShownToTheRepWithItsProvenance() async throws {
        let pipeline = TranslationPipeline(
            backend: try apertium(), detector: try LanguageDetector(), cache: nil,
            configuration: .init(backTranslation: false))
        let result = await pipeline.inbound("Mi aire acondicionado no enfría desde ayer")
        try #require(result.status == .translated)

        let translation = MessageTranslation(result, direction: .inbound)
        #expect(translation.status == .translated)
        #expect(translation.shownText == result.text)
        #expect(translation.shownText?.contains("yesterday") == true)
        #expect(translation.sentText == nil)
        #expect(translation.detectedLanguage?.language == "es")
        #expect(translation.confidence == result.detection?.confidence)
        #expect(translation.error == nil)
        let provenance = try #require(translation.provenance)
        #expect(provenance.backend == "apertium-apy/0.11")
        #expect(provenance.origin == "backend")
        #expect(provenance.stages.map(\.stage).contains("translate"))
        #expect(provenance.stages.count == result.provenance.stages.count)

        // Stored and read back through JSON unchanged.
        try await withTemporaryStore { store in
            let thread = try await makeConversation(store)
            let stored = try await store.appendInbound(
                InboundMessageDraft(conversationID: thread, text: result.original, translation: translation))
            let read = try await store.message(id: stored.message.id)
            #expect(read.original == "Mi aire acondicionado no enfría desde ayer")
            #expect(read.shownText == result.text)
            #expect(read.provenance == provenance)
            #expect(read.detectedLanguage == translation.detectedLanguage)
        }
    }

    @Test func aFailedResultKeepsTheOriginalAndSaysWhy() async throws {
        // A port nothing listens on: a refused connection.
        let pipeline = TranslationPipeline(
            backend: try apertium(url: "http://127.0.0.1:9"), detector: try LanguageDetector(), cache: nil,
            configuration: .init(backTranslation: false))
        let result = await pipeline.inbound("Mi aire acondicionado no enfría desde ayer")
        try #require(result.status == .failed)
        let translation = MessageTranslation(result, direction: .inbound)
        #expect(translation.status == .failed)
        #expect(translation.error?.isEmpty == false)
        #expect(translation.shownText == result.text)
    }
}

private let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(20)))

private func apertium(url: String? = nil) throws -> ApertiumBackend {
    let base = url ?? ProcessInfo.processInfo.environment["PARLEY_APERTIUM_URL"] ?? ""
    try #require(!base.isEmpty, "PARLEY_APERTIUM_URL is not set: run the tests with scripts/test")
    return ApertiumBackend(baseURL: base, client: client)
}

private func makeConversation(_ store: SQLiteThreadStore) async throws -> UUID {
    let rep = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
    let number = try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0100"), to: rep.id)
    let contact = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+52 55 1234 5678"))
    return try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id).id
}

private func withTemporaryStore(_ body: (SQLiteThreadStore) async throws -> Void) async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-translation-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try await body(SQLiteThreadStore(database: try ParleyDatabase(path: path + "/parley.sqlite")))
}
