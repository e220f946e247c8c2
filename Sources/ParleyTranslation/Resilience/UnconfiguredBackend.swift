internal import ParleyLanguage

/// A backend that cannot translate because the configuration gave it nothing to call: every call
/// fails with `.notConfigured` and the reason.
struct UnconfiguredBackend: TranslationBackend {
    let reason: String

    var name: String { "configuration" }
    var identity: String { "unconfigured" }

    func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String] {
        throw TranslationError(.notConfigured, backend: name, message: reason)
    }

    func supportedPairs() async throws(TranslationError) -> [LanguagePair] {
        throw TranslationError(.notConfigured, backend: name, message: reason)
    }

    func health() async -> BackendHealth {
        BackendHealth(isHealthy: false, detail: reason)
    }
}
