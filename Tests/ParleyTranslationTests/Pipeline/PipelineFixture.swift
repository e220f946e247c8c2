import Foundation
import ParleyGlossary
import ParleyLanguage
import ParleyTranslation

/// What the pipeline tests share: the real APy, the shipped glossaries and one detector.
enum PipelineFixture {
    static let en = LanguageTag("en")!
    static let es = LanguageTag("es")!
    static let detector = try! LanguageDetector()
    static let library = GlossaryLibrary(
        directory: ApertiumIntegrationTests.repository.appendingPathComponent("glossaries"))
    static let hvac = try! GlossarySet.load(industry: "hvac", from: library)

    static func apertium() throws -> ApertiumBackend {
        ApertiumBackend(baseURL: try ApertiumIntegrationTests.serverURL(), client: ApertiumIntegrationTests.sharedClient)
    }

    static func pipeline(
        _ backend: any TranslationBackend, glossary: GlossarySet? = hvac, backTranslation: Bool = true
    ) -> TranslationPipeline {
        TranslationPipeline(
            backend: backend, detector: detector, glossary: glossary,
            configuration: .init(backTranslation: backTranslation))
    }

    static let spanishThread = ConversationContext(preferredLanguage: es)
}
