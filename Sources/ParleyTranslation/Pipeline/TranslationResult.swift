public import ParleyLanguage

/// What the pipeline made of one message: the text to show or send, whether it can be trusted, and
/// how it was made.
///
/// The original is always kept. ``text`` is never a damaged translation presented as good: when a
/// check failed, ``status`` is ``Status/needsReview`` and ``problems`` says what failed.
public struct TranslationResult: Sendable, Hashable {
    /// Whether the result can be used as it is.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Translated, and every check passed.
        case translated
        /// Nothing to translate (see ``TranslationResult/unchangedReason``): ``TranslationResult/text``
        /// is the message itself.
        case unchanged
        /// A translation came back but failed its checks with every protection strategy:
        /// ``TranslationResult/text`` is the best attempt, to be read by a person before use.
        case needsReview
        /// No translation: ``TranslationResult/failure`` says why; ``TranslationResult/text`` is the
        /// message itself.
        case failed
    }

    /// Why a message needed no translation.
    public enum UnchangedReason: String, Sendable, Hashable, Codable {
        /// The message is already in the target language.
        case sameLanguage
        /// The message is in no language Parley can tell (`und`).
        case undetermined
        /// Only links, numbers, emoji, variables or protected names: nothing for a backend.
        case nothingToTranslate
        /// The message is empty or only white space.
        case empty
    }

    /// Whether the result can be used as it is.
    public var status: Status
    /// Why no translation was needed, for ``Status/unchanged``.
    public var unchangedReason: UnchangedReason?
    /// The message exactly as received.
    public var original: String
    /// The translation, or for ``Status/unchanged`` and ``Status/failed`` the message after intake
    /// (NFC, controls neutralized), or the original when intake refused it.
    public var text: String
    /// The message's language: detected (inbound) or given (outbound).
    public var source: LanguageTag
    /// The language translated into.
    public var target: LanguageTag
    /// The language guess, when the pipeline detected the language.
    public var detection: LanguageGuess?
    /// Opt-out, opt-in or help keywords found on the raw text (inbound only).
    public var compliance: ComplianceResult
    /// What intake changed or noticed.
    public var intakeIssues: [IntakeIssue]
    /// Why the checks failed, for ``Status/needsReview``: one sentence each.
    public var problems: [String]
    /// Why there is no translation, for ``Status/failed``.
    public var failure: PipelineFailure?
    /// Things the rep or the caller should know.
    public var warnings: [PipelineWarning]
    /// How the result was made.
    public var provenance: TranslationProvenance

    /// True for ``Status/translated`` and ``Status/unchanged``: ``text`` can be shown or sent as it is.
    public var isUsable: Bool { status == .translated || status == .unchanged }
}
