import Foundation
import ParleyLanguage
import ParleyTranslation
import Synchronization

/// A real backend with a call counter, and optionally a fault: for tests that must know how often
/// the backend was asked, or what happens when it damages placeholders.
struct InstrumentedBackend: TranslationBackend {
    /// What to do to the real backend's output.
    enum Fault: Sendable {
        case none
        /// Damage placeholders of these styles (`{{T1}}` → `{{ T1 }}`, `[[T1]]` → `[[ T1 ]]`, …).
        case damagePlaceholders(Set<PlaceholderStyle>)
        /// Append a word (to test the forbidden-term check).
        case append(String)
    }

    let wrapped: any TranslationBackend
    var fault: Fault = .none
    /// How long each call waits before asking the real backend: makes calls overlap for certain.
    var delay: Duration = .zero
    let counter = Counter()

    var name: String { wrapped.name }
    var identity: String { wrapped.identity }
    var calls: Int { counter.calls }
    var texts: [String] { counter.texts }

    func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        counter.record(texts)
        if delay > .zero { try? await Task.sleep(for: delay) }
        let output = try await wrapped.translate(texts, from: source, to: target, options: options)
        switch fault {
        case .none:
            return output
        case .append(let word):
            return output.map { $0 + " " + word }
        case .damagePlaceholders(let styles):
            return output.map { text in
                var text = UnknownWordMarks.read(text).text
                for style in styles {
                    for number in 1...9 {
                        let placeholder = style.placeholder(number)
                        let damaged = String(placeholder.prefix(2)) + " " + placeholder.dropFirst(2).dropLast(2) + " " + placeholder.suffix(2)
                        text = text.replacingOccurrences(of: placeholder, with: damaged)
                    }
                }
                return text
            }
        }
    }

    func supportedPairs() async throws(TranslationError) -> [LanguagePair] { try await wrapped.supportedPairs() }
    func health() async -> BackendHealth { await wrapped.health() }

    final class Counter: Sendable {
        private let state = Mutex<(calls: Int, texts: [String])>((0, []))
        func record(_ texts: [String]) { state.withLock { $0.calls += 1; $0.texts += texts } }
        var calls: Int { state.withLock { $0.calls } }
        var texts: [String] { state.withLock { $0.texts } }
    }
}
