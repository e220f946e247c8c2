public import ParleyLanguage

/// The staged translation pipeline the messaging core calls: an inbound message becomes English for
/// the rep, and the rep's English reply becomes the text to send in the contact's language.
///
/// The stages, each a small value of its own, run in this order:
/// 1. intake (``IntakeStage``): valid UTF-8, NFC, a length bound, controls neutralized;
/// 2. compliance (``ComplianceStage``): opt-out and help keywords on the raw text (inbound);
/// 3. detect (`LanguageDetector`) with the thread's priors; nothing more to do when the message is
///    already in the target language or in none (`und`);
/// 4. protect (``ProtectionPlan``): links, e-mail addresses, phone numbers, prices, numbers, emoji,
///    `{{vars}}` and do-not-translate names become placeholders;
/// 5. glossary: each glossary term becomes a placeholder restored as the concept's preferred term
///    in the target language (substitution around the call);
/// 6. cache (``TranslationCache``), two tiers, keyed by backend, pair, glossary version, protection
///    and the protected text; a verified result of the whole text is cached too and looked up
///    first, so a repeated message skips protect and restore;
/// 7. coalesce (``RequestCoalescer``): identical requests in flight make one backend call; batches
///    go to the backend as one call;
/// 8. translate through the backend (a ``FallbackBackend`` or ``RoutingBackend`` for chains);
/// 9. restore and verify: every span back byte-exact, every term present, no forbidden term; when a
///    check fails the next ``PlaceholderStyle`` is tried, and when all fail the result is marked
///    ``TranslationResult/Status/needsReview``.
///
/// ```swift
/// let pipeline = TranslationPipeline(backend: apertium, detector: try LanguageDetector(),
///                                    glossary: try GlossarySet.load(industry: "hvac", from: library))
/// let inbound = await pipeline.inbound("Mi aire no enfría 🥵", context: thread)
/// inbound.text           // "My air does not cool 🥵" (status .translated)
/// let reply = await pipeline.outbound("A technician can come at 3pm.", context: thread)
/// reply.textToSend       // the Spanish, or nil when it must be reviewed first
/// reply.sms.segments     // 1
/// ```
public struct TranslationPipeline: Sendable {
    /// The machine-translation backend (or chain).
    public let backend: any TranslationBackend
    /// The language detector.
    public let detector: LanguageDetector
    /// The glossaries enforced; nil for none.
    public let glossary: GlossarySet?
    /// The cache; nil for none.
    public let cache: TranslationCache<ContinuousClock>?
    /// How the pipeline behaves.
    public let configuration: Configuration
    let intake: IntakeStage
    /// The keyword stage: opt-out, opt-in and help keywords on the raw inbound text.
    public let compliance: ComplianceStage
    let coalescer: RequestCoalescer<TranslationCacheKey, String>

    /// Creates a pipeline.
    /// - Parameters:
    ///   - backend: the machine-translation backend (or chain).
    ///   - detector: the language detector.
    ///   - glossary: the glossaries to enforce.
    ///   - cache: the translation cache; a 32 MiB memory cache by default, nil for none.
    ///   - compliance: the keyword stage.
    ///   - configuration: how the pipeline behaves.
    public init(
        backend: any TranslationBackend,
        detector: LanguageDetector,
        glossary: GlossarySet? = nil,
        cache: TranslationCache<ContinuousClock>? = TranslationCache(),
        compliance: ComplianceStage = ComplianceStage(),
        configuration: Configuration = .init()
    ) {
        self.backend = backend
        self.detector = detector
        self.glossary = glossary
        self.cache = cache
        self.configuration = configuration
        self.intake = IntakeStage(configuration: configuration.intake)
        self.compliance = compliance
        self.coalescer = RequestCoalescer()
    }

    /// The same pipeline (same backend, cache and in-flight requests) with other glossaries, e.g.
    /// after an admin's edit or for another industry.
    /// - Parameters:
    ///   - glossary: the glossaries to enforce; nil for none.
    public func using(_ glossary: GlossarySet?) -> TranslationPipeline {
        TranslationPipeline(copying: self, glossary: glossary)
    }

    private init(copying other: TranslationPipeline, glossary: GlossarySet?) {
        backend = other.backend
        detector = other.detector
        self.glossary = glossary
        cache = other.cache
        configuration = other.configuration
        intake = other.intake
        compliance = other.compliance
        coalescer = other.coalescer
    }

    // MARK: - Inbound

    /// Translates a contact's message into the rep's language.
    ///
    /// Never throws: when the backend fails, the result holds the original with status
    /// ``TranslationResult/Status/failed`` and the backend's error, so the message can be shown
    /// and stored at once and translated later.
    /// - Parameters:
    ///   - message: the message as received.
    ///   - context: the thread's preferred and earlier languages.
    public func inbound(_ message: String, context: ConversationContext = .init()) async -> TranslationResult {
        var report = Report(pipeline: self, original: message, target: configuration.repLanguage)
        guard let intake = report.runIntake() else { return report.result }

        report.compliance = report.measure("compliance") { compliance.classify(message) }
        if let kind = report.compliance.kind {
            let keyword = report.compliance.keyword ?? ""
            let warning: PipelineWarning =
                switch kind {
                case .optOut where report.compliance.isProbable:
                    PipelineWarning(.optOut, "The contact wrote “\(keyword)”: probably an opt-out request. Confirm it and record the opt-out; do not message them again unless they opt back in.")
                case .optIn where report.compliance.isProbable:
                    PipelineWarning(.optIn, "The contact wrote “\(keyword)”: probably they agree to receive messages again. Confirm it before recording it.")
                case .optOut:
                    PipelineWarning(.optOut, "The contact replied \(keyword): an opt-out request. Do not message them again unless they opt back in.")
                case .optIn: PipelineWarning(.optIn, "The contact replied \(keyword): they agree to receive messages again.")
                case .help: PipelineWarning(.help, "The contact replied \(keyword): they asked for help.")
                }
            report.warnings.append(warning)
        }
        guard intake.hasContent else { return report.unchanged(.empty, source: .und) }

        let guess = report.measure("detect") { detector.detect(intake.text, hint: context.detectionHint) }
        report.detection = guess
        if guess.language.isUndetermined { return report.unchanged(.undetermined, source: .und) }
        if guess.language.language == configuration.repLanguage.language {
            return report.unchanged(.sameLanguage, source: guess.language)
        }
        if guess.confidence < configuration.lowConfidence {
            let percent = Int((guess.confidence * 100).rounded())
            report.warnings.append(PipelineWarning(
                .lowConfidence,
                "The language looks like \(guess.language) but only with \(percent)% confidence; set the contact's language if it is wrong."))
        }
        await report.translate(intake.text, pair: LanguagePair(guess.language, configuration.repLanguage))
        return report.result
    }

    // MARK: - Outbound

    /// Translates the rep's reply into the contact's language, with its back-translation and its
    /// SMS encoding.
    ///
    /// The target is the contact's preferred language, else the language last detected in the
    /// thread. Nothing is ready to send when the translation failed or must be reviewed.
    /// - Parameters:
    ///   - reply: the rep's text, in the rep's language.
    ///   - context: the contact's preferred language and the thread's languages.
    public func outbound(_ reply: String, context: ConversationContext) async -> OutboundTranslation {
        let rep = configuration.repLanguage
        guard let target = context.contactLanguage else {
            var report = Report(pipeline: self, original: reply, target: .und)
            _ = report.runIntake()
            report.source = rep
            report.fail(PipelineFailure(
                stage: .detect,
                message: "The contact's language is not known yet: set it on the contact, or wait for their first message."))
            return OutboundTranslation(result: report.result, backTranslation: nil)
        }
        let result = await translate(reply, from: rep, to: target)
        var backTranslation: TranslationResult?
        if configuration.backTranslation, result.status == .translated || result.status == .needsReview {
            var back = await translate(result.text, from: target, to: rep)
            back.provenance.stages = back.provenance.stages.map { .init(stage: "backTranslate." + $0.stage, microseconds: $0.microseconds) }
            backTranslation = back
        }
        return OutboundTranslation(result: result, backTranslation: backTranslation)
    }

    // MARK: - Known languages

    /// Translates a text whose language is known, without detection or keyword checks.
    /// - Parameters:
    ///   - text: the text.
    ///   - source: its language.
    ///   - target: the language wanted.
    public func translate(_ text: String, from source: LanguageTag, to target: LanguageTag) async -> TranslationResult {
        var report = Report(pipeline: self, original: text, target: target)
        report.source = source
        guard let intake = report.runIntake() else { return report.result }
        guard intake.hasContent else { return report.unchanged(.empty, source: source) }
        if source.language == target.language { return report.unchanged(.sameLanguage, source: source) }
        await report.translate(intake.text, pair: LanguagePair(source, target))
        return report.result
    }
}
