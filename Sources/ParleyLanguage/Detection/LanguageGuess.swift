/// What the detector thinks a text's language is.
public struct LanguageGuess: Sendable, Hashable, Codable {
    /// How a guess was reached.
    public enum Method: String, Sendable, Hashable, Codable {
        /// No letters to judge: empty, digits, punctuation, emoji, links, phone numbers.
        case noLetters
        /// Only words that mean the same in every language ("ok", "lol", "jaja").
        case neutralWords
        /// A script that no candidate language is written in.
        case unsupportedScript
        /// The script decided alone (Hangul → ko, kana → ja, Ethiopic → am, …).
        case script
        /// The statistical model chose among languages that share a script.
        case model
    }

    /// A language that was considered, with its probability.
    public struct Alternative: Sendable, Hashable, Codable {
        public var language: LanguageTag
        public var confidence: Double

        public init(language: LanguageTag, confidence: Double) {
            self.language = language
            self.confidence = confidence
        }
    }

    /// The detected language, or `und` when the text is not language (or not a supported one).
    public var language: LanguageTag
    /// How sure the detector is, in 0…1. For `und` it is how sure it is that there is no language to
    /// translate.
    public var confidence: Double
    /// The next most likely language, if there was a contest.
    public var runnerUp: Alternative?
    /// How the guess was reached.
    public var method: Method
    /// Whether only the first part of a very long text was analysed.
    public var analysedPrefixOnly: Bool

    public init(
        language: LanguageTag,
        confidence: Double,
        runnerUp: Alternative? = nil,
        method: Method,
        analysedPrefixOnly: Bool = false
    ) {
        self.language = language
        self.confidence = confidence
        self.runnerUp = runnerUp
        self.method = method
        self.analysedPrefixOnly = analysedPrefixOnly
    }
}
