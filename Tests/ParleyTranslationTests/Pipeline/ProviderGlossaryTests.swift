import Foundation
import ParleyGlossary
import ParleyLanguage
import ParleyTesting
import ParleyTranslation
import Testing

/// Provider enforcement: the DeepL fake (real request and response shapes, glossary terms applied)
/// holds the terms; the pipeline checks they came back, and substitutes them when they did not.
@Suite struct ProviderGlossaryTests {
    let en = PipelineFixture.en
    let es = PipelineFixture.es
    let client = ApertiumIntegrationTests.sharedClient

    func pipeline(_ deepl: DeepLBackend, glossaryID: String) -> TranslationPipeline {
        TranslationPipeline(
            backend: deepl, detector: PipelineFixture.detector, glossary: PipelineFixture.hvac,
            configuration: .init(
                backTranslation: false,
                glossaryEnforcement: .provider(glossaries: [LanguagePair(en, es): glossaryID], inlineTerms: false)))
    }

    @Test func theProvidersGlossaryIsUsedAndChecked() async throws {
        let fake = try DeepLFake()
        let deepl = DeepLBackend(apiKey: fake.key, baseURL: fake.baseURL, client: client)
        let pairs = PipelineFixture.hvac.termPairs(from: en, to: es)
        #expect(pairs.contains { $0.source == "heat pump" && $0.target == "bomba de calor" })
        #expect(pairs.contains { $0.source == "OTTO" && $0.target == "OTTO" })
        #expect(Set(pairs.map(\.source)).count == pairs.count)  // DeepL refuses duplicate source terms
        let id = try await deepl.createGlossary(
            name: "hvac en→es", source: en, target: es, entriesTSV: pairs.map { "\($0.source)\t\($0.target)" }.joined(separator: "\n"))

        let outbound = await pipeline(deepl, glossaryID: id).outbound(
            "Your heat pump is ready 👍", context: PipelineFixture.spanishThread)
        #expect(outbound.result.status == .translated, "\(outbound.result.problems)")
        #expect(outbound.result.text == "[ES] Your bomba de calor is ready 👍")
        #expect(outbound.result.provenance.glossaryTerms == 1)
        let body = try #require(fake.requests.last?.json as? [String: Any])
        #expect(body["glossary_id"] as? String == id)
        #expect((body["text"] as? [String])?.first?.contains("heat pump") == true)  // left for the provider
    }

    @Test func aTermTheProviderMissedIsSubstituted() async throws {
        let fake = try DeepLFake()
        let deepl = DeepLBackend(apiKey: fake.key, baseURL: fake.baseURL, client: client)
        let id = try await deepl.createGlossary(name: "incomplete", source: en, target: es, entriesTSV: "invoice\tfactura")

        let outbound = await pipeline(deepl, glossaryID: id).outbound(
            "Your heat pump is ready", context: PipelineFixture.spanishThread)
        #expect(outbound.result.status == .translated)
        #expect(outbound.result.text.contains("bomba de calor"))
        #expect(outbound.result.warnings.contains { $0.kind == .providerGlossaryIgnored })
        let translations = fake.requests.filter { $0.path == "/v2/translate" }
        #expect(translations.count == 2)
        let second = try #require(translations.last?.json as? [String: Any])
        #expect((second["text"] as? [String])?.first?.contains("heat pump") == false)  // substituted by a placeholder
    }
}
