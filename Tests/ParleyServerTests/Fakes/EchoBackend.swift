import ParleyLanguage
import ParleyTranslation

/// A translation backend that needs no network: it "translates" by tagging each text with its
/// target language (`[es] text`), keeping placeholders and everything else as they were. For suites
/// that exercise the service, not translation (the hostile-input suites).
struct EchoBackend: TranslationBackend {
    let name = "echo"
    let identity = "echo/1"

    func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        texts.map { "[\(target.identifier)] \($0)" }
    }

    func supportedPairs() async throws(TranslationError) -> [LanguagePair] { [] }

    func health() async -> BackendHealth { BackendHealth(isHealthy: true, detail: "echo") }
}
