import Foundation
import ParleyLanguage
import ParleyThreads
import ParleyTranslation
import Testing

/// Pipeline results, made by the real pipeline with an in-process backend, stored on messages.
@Suite struct MessageTranslationTests {
    @Test func aTranslatedInboundResultIsShownToTheRepWithItsProvenance() async throws {
        let pipeline = TranslationPipeline(
            backend: CannedBackend(), detector: try LanguageDetector(), cache: nil,
            configuration: .init(backTranslation: false))
        let result = await pipeline.inbound("Mi aire acondicionado no enfría desde ayer")
        try #require(result.status == .translated)

        let translation = MessageTranslation(result, direction: .inbound)
        #expect(translation.status == .translated)
        #expect(translation.shownText == "My air conditioner has not cooled since yesterday")
        #expect(translation.sentText == nil)
        #expect(translation.detectedLanguage?.language == "es")
        #expect(translation.confidence == result.detection?.confidence)
        #expect(translation.error == nil)
        let provenance = try #require(translation.provenance)
        #expect(provenance.backend == "canned@1")
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
            #expect(read.shownText == "My air conditioner has not cooled since yesterday")
            #expect(read.provenance == provenance)
            #expect(read.detectedLanguage == translation.detectedLanguage)
        }
    }

    @Test func aFailedResultKeepsTheOriginalAndSaysWhy() async throws {
        let pipeline = TranslationPipeline(
            backend: CannedBackend(fails: true), detector: try LanguageDetector(), cache: nil,
            configuration: .init(backTranslation: false))
        let result = await pipeline.inbound("Mi aire acondicionado no enfría desde ayer")
        try #require(result.status == .failed)
        let translation = MessageTranslation(result, direction: .inbound)
        #expect(translation.status == .failed)
        #expect(translation.error?.isEmpty == false)
        #expect(translation.shownText == result.text)
    }
}

/// A backend that knows one sentence, or fails every call.
private struct CannedBackend: TranslationBackend {
    var fails = false
    var name: String { "canned" }
    var identity: String { "canned@1" }

    func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        if fails { throw TranslationError(.badResponse, backend: name, message: "canned failure") }
        return texts.map { text in
            text.contains("aire acondicionado") ? "My air conditioner has not cooled since yesterday" : text
        }
    }

    func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        [LanguagePair(LanguageTag("es")!, LanguageTag("en")!)]
    }

    func health() async -> BackendHealth { BackendHealth(isHealthy: true, detail: "canned") }
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
