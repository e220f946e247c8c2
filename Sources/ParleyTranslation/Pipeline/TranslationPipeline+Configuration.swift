public import ParleyLanguage

extension TranslationPipeline {
    /// How the pipeline behaves.
    public struct Configuration: Sendable {
        /// The reps' language; inbound messages are translated into it and outbound ones from it.
        public var repLanguage: LanguageTag
        /// The intake stage's limits.
        public var intake: IntakeStage.Configuration
        /// The placeholder styles to try, in order, until a translation restores intact.
        public var placeholderStyles: [PlaceholderStyle]
        /// What the protect stage detects on its own (links, numbers, emoji, variables…).
        public var spanFinder: SpanFinder
        /// Formal or informal address, where the backend supports it.
        public var formality: TranslationOptions.Formality?
        /// Whether outbound translations are translated back into the rep's language.
        public var backTranslation: Bool
        /// Below this confidence a language guess gets a ``PipelineWarning/Kind/lowConfidence`` warning.
        public var lowConfidence: Double
        /// How glossary terms are enforced: substitution around the call, or the provider's glossary.
        public var glossaryEnforcement: GlossaryEnforcement
        /// Regions and registers: the region assumed for a language without one, and what is
        /// checked in a reply for them.
        public var variants: VariantRules
        /// The lowest score (0 to 1) at which a translation-memory entry close to a sentence, but not
        /// the same, is used; the rep is then asked to confirm the reply. 1 for exact matches only.
        public var memoryThreshold: Double
        /// Whether a text of several sentences is translated and cached sentence by sentence, so a
        /// draft that grows or changes in one sentence sends only that sentence to the backend (one
        /// request per sentence not cached, concurrently); false sends the whole text as one request.
        public var translatesBySentence: Bool
        /// Where the characters and requests sent to backends are counted.
        public var usage: BackendUsage

        /// - Parameters:
        ///   - repLanguage: the reps' language; English by default.
        ///   - intake: the intake stage's limits.
        ///   - placeholderStyles: the placeholder styles to try, in order.
        ///   - spanFinder: what the protect stage detects.
        ///   - formality: formal or informal address.
        ///   - backTranslation: whether outbound translations are translated back.
        ///   - lowConfidence: the confidence below which a guess is flagged.
        ///   - glossaryEnforcement: how glossary terms are enforced.
        ///   - variants: the regions assumed and the region and register checks.
        ///   - memoryThreshold: the lowest score of a close translation-memory match that is used (0.85).
        ///   - translatesBySentence: whether texts are translated and cached sentence by sentence (true).
        ///   - usage: where backend calls are counted; the process's `MetricsSystem` by default.
        public init(
            repLanguage: LanguageTag = LanguageTag("en")!,
            intake: IntakeStage.Configuration = .init(),
            placeholderStyles: [PlaceholderStyle] = PlaceholderStyle.fallbackOrder,
            spanFinder: SpanFinder = .init(),
            formality: TranslationOptions.Formality? = nil,
            backTranslation: Bool = true,
            lowConfidence: Double = 0.6,
            glossaryEnforcement: GlossaryEnforcement = .substitution,
            variants: VariantRules = .init(),
            memoryThreshold: Double = 0.85,
            translatesBySentence: Bool = true,
            usage: BackendUsage = .init()
        ) {
            self.translatesBySentence = translatesBySentence
            self.usage = usage
            self.memoryThreshold = min(max(memoryThreshold, 0.5), 1)
            self.variants = variants
            self.repLanguage = repLanguage
            self.intake = intake
            self.placeholderStyles = placeholderStyles.isEmpty ? PlaceholderStyle.fallbackOrder : placeholderStyles
            self.spanFinder = spanFinder
            self.formality = formality
            self.backTranslation = backTranslation
            self.lowConfidence = lowConfidence
            self.glossaryEnforcement = glossaryEnforcement
        }
    }
}
