import ParleyLanguage
import ParleyTranslation
import Synchronization

/// A backend that answers with what a test function makes of each text (placeholders included),
/// and remembers the options it was given.
final class ScriptedBackend: TranslationBackend {
    let name = "scripted"
    var identity: String { "scripted/\(tag)" }
    private let tag: String
    private let answer: @Sendable (String) -> String
    private let seen = Mutex<[TranslationOptions]>([])
    private let count = Mutex(0)

    /// - Parameters:
    ///   - tag: part of the identity, so two scripts do not share cache entries.
    ///   - answer: the translation of one text.
    init(_ tag: String = "default", answer: @escaping @Sendable (String) -> String) {
        self.tag = tag
        self.answer = answer
    }

    var options: [TranslationOptions] { seen.withLock { $0 } }
    var calls: Int { count.withLock { $0 } }

    func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        seen.withLock { $0.append(options) }
        count.withLock { $0 += texts.count }
        return texts.map(answer)
    }

    func supportedPairs() async throws(TranslationError) -> [LanguagePair] { [] }
    func health() async -> BackendHealth { BackendHealth(isHealthy: true, detail: "scripted") }
}
