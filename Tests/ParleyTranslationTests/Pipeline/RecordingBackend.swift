import ParleyLanguage
import ParleyTranslation
import Synchronization

/// An in-process backend that upper-cases what it is sent (placeholders come back intact) and
/// records every text, with its direction, in the order the calls were made.
final class RecordingBackend: TranslationBackend {
    struct Call: Sendable, Equatable {
        var source: String
        var target: String
        var text: String
    }

    let name = "recording"
    let identity = "recording/1"
    private let log = Mutex<[Call]>([])

    var calls: [Call] { log.withLock { $0 } }
    /// The texts sent from English (the reply), in order.
    var forward: [String] { calls.filter { $0.source == "en" }.map(\.text) }
    /// The texts sent into English (the back-translation), in order.
    var back: [String] { calls.filter { $0.source != "en" }.map(\.text) }
    var characters: Int { calls.reduce(0) { $0 + $1.text.count } }

    func reset() { log.withLock { $0 = [] } }

    /// While true, every call is recorded and then fails as an unavailable service would.
    let failing = Mutex(false)

    func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        log.withLock { $0 += texts.map { Call(source: source.language, target: target.language, text: $0) } }
        if failing.withLock({ $0 }) { throw TranslationError(.unavailable, backend: name, message: "the service is down") }
        return texts.map { $0.uppercased() }
    }

    func supportedPairs() async throws(TranslationError) -> [LanguagePair] { [] }
    func health() async -> BackendHealth { BackendHealth(isHealthy: true, detail: "recording") }
}
