public import ParleyLanguage

/// A machine-translation service: Apertium APy, LibreTranslate, DeepL, Google, Azure or an
/// OpenAI-compatible model.
///
/// Implementations speak the provider's real HTTP API through `ParleyHTTPClient`, map BCP 47 tags to
/// the provider's codes, and report every failure as a ``TranslationError`` that says what to do.
public protocol TranslationBackend: Sendable {
    /// A short name, e.g. `apertium`, `deepl`.
    var name: String { get }
    /// What identifies the engine's output for cache keys: the name, and the model or API version.
    var identity: String { get }

    /// Translates texts from one language to another, in order; the result has one text per input.
    /// - Parameters:
    ///   - texts: the texts.
    ///   - source: their language.
    ///   - target: the language wanted.
    ///   - options: formality, a provider glossary.
    func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
    ) async throws(TranslationError) -> [String]

    /// The language pairs the backend translates.
    func supportedPairs() async throws(TranslationError) -> [LanguagePair]

    /// Whether the backend answers now.
    func health() async -> BackendHealth
}

extension TranslationBackend {
    /// Translates one text.
    public func translate(
        _ text: String, from source: LanguageTag, to target: LanguageTag, options: TranslationOptions = .init()
    ) async throws(TranslationError) -> String {
        let result = try await translate([text], from: source, to: target, options: options)
        guard result.count == 1 else {
            throw TranslationError(.badResponse, backend: name, message: "expected 1 translation, got \(result.count)")
        }
        return result[0]
    }
}

/// A direction of translation.
public struct LanguagePair: Sendable, Hashable, Codable, CustomStringConvertible {
    public var source: LanguageTag
    public var target: LanguageTag

    public init(_ source: LanguageTag, _ target: LanguageTag) {
        self.source = source
        self.target = target
    }

    /// `es→en`.
    public var description: String { "\(source)→\(target)" }
}

/// Per-request choices a backend may honour.
public struct TranslationOptions: Sendable, Hashable {
    /// Formal or informal address, where the provider supports it.
    public enum Formality: String, Sendable, Hashable, Codable, CaseIterable {
        /// Usted, vous, Sie.
        case formal
        /// Tú, tu, du.
        case informal
    }

    /// Formal or informal address; nil for the provider's default.
    public var formality: Formality?
    /// A glossary the provider holds (DeepL glossary id, Google v3 glossary resource name).
    public var providerGlossary: String?
    /// Terms to enforce inline, for providers that take them per request (Azure dynamic
    /// dictionary, OpenAI-compatible prompts): source term → target term.
    public var terms: [String: String]

    public init(formality: Formality? = nil, providerGlossary: String? = nil, terms: [String: String] = [:]) {
        self.formality = formality
        self.providerGlossary = providerGlossary
        self.terms = terms
    }
}

/// Whether a backend answers.
public struct BackendHealth: Sendable, Hashable {
    public var isHealthy: Bool
    /// What was checked or what failed.
    public var detail: String

    public init(isHealthy: Bool, detail: String) {
        self.isHealthy = isHealthy
        self.detail = detail
    }
}
