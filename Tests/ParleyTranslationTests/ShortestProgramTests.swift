import ParleyTranslation
import Testing

/// The shortest correct program, with ParleyTranslation as its only import: the pipeline's
/// defaults (bundled detector, no glossary, memory cache) and the typed configuration.
@Suite struct ShortestProgramTests {
    @Test func translatesWithOneImportAndNoForceUnwrap() async throws {
        let apy = try ApertiumIntegrationTests.serverURL()
        let pipeline = TranslationPipeline(backend: BackendConfiguration(chain: [.apertium(.init(url: apy))]).makeBackend())
        let inbound = await pipeline.inbound("Hola, necesito ayuda con mi aire acondicionado")
        #expect(inbound.status == .translated)
        #expect(inbound.original == "Hola, necesito ayuda con mi aire acondicionado")
        let reply = await pipeline.outbound("Thank you for your message.", context: .init(preferredLanguage: inbound.source))
        #expect(reply.result.status == .translated)
        #expect(reply.result.text != "Thank you for your message.")
    }
}
