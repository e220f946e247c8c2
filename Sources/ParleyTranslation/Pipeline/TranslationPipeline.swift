public import Logging
internal import ParleyGlossary
public import ParleyLanguage

/// The staged translation pipeline the messaging core calls: an inbound message becomes English for
/// the rep, and the rep's English reply becomes the text to send in the contact's language.
///
/// The stages, each a small value of its own, run in this order:
/// 1. intake (``IntakeStage``): valid UTF-8, NFC, a length bound, controls neutralized;
/// 2. compliance (``ComplianceStage``): opt-out and help keywords on the raw text (inbound), shown
///    as what they mean without translation; sentences that ask to stop, flagged as probable;
/// 3. detect (`LanguageDetector`) with the thread's priors; nothing more to do when the message is
///    already in the target language or in none (`und`);
/// 4. protect (`ProtectionPlan`): links, e-mail addresses, phone numbers, prices, numbers, emoji,
///    `{{vars}}` and do-not-translate names become placeholders;
/// 5. glossary: each glossary term becomes a placeholder restored as the concept's preferred term
///    in the target language (substitution around the call);
/// 6. cache (``TranslationCache``), two tiers, keyed by backend, pair, glossary version, protection
///    and the protected text, sentence by sentence (``Configuration/translatesBySentence``): a draft
///    that grows or changes in one sentence sends only that sentence, and its back-translation only
///    that sentence's translation; a verified result of the whole text is cached too and looked up
///    first, so a repeated message (a send after its preview) skips every stage and the backend;
/// 7. coalesce (``RequestCoalescer``): identical requests (or sentences) in flight make one backend
///    call; batches go to the backend as one call; every call is counted in ``BackendUsage``;
/// 8. translate through the backend (a ``FallbackBackend`` or ``RoutingBackend`` for chains);
/// 9. restore and verify: every span back byte-exact, every term present, no forbidden term; when a
///    check fails the next ``PlaceholderStyle`` is tried, and when all fail the result is marked
///    ``TranslationResult/Status/needsReview``;
/// 10. check: doubts that do not trust the round trip (`TranslationChecks`: words the backend did
///    not know or left as written, numbers changed, an odd length; for a reply, ``VariantRules``:
///    the contact's region and register, and terms forbidden there). A reply with doubts
///    ``OutboundTranslation/needsConfirmation``.
///
/// Every entry point takes a `logger:` (none by default): stages log at `debug` (cache and memory
/// hits, each backend call with its identity and length), a failed translation or one sent to
/// review at `info`, with `parley.translation.*` metadata and never the message's text.
///
/// ```swift
/// let pipeline = TranslationPipeline(backend: BackendConfiguration().makeBackend(),
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
    /// The translation memory whose approved wording a reply uses, sentence by sentence, before the
    /// backend; nil for none.
    public let memory: (any TranslationMemory)?
    /// How the pipeline behaves.
    public let configuration: Configuration
    let intake: IntakeStage
    /// The keyword stage: opt-out, opt-in and help keywords on the raw inbound text.
    public let compliance: ComplianceStage
    let coalescer: RequestCoalescer<TranslationCacheKey, String>
    /// The memory's answers for replies looked up before; shared with copies.
    let memoryLookups: MemoryLookups
    /// Where this call's stages log; set per call by the entry points' `logger:`.
    var logger = TranslationPipeline.silentLogger

    /// Creates a pipeline.
    /// - Parameters:
    ///   - backend: the machine-translation backend (or chain).
    ///   - detector: the language detector; the bundled model over every supported language by default.
    ///   - glossary: the glossaries to enforce; none by default.
    ///   - cache: the translation cache; a 32 MiB memory cache by default, nil for none.
    ///   - compliance: the keyword stage.
    ///   - memory: the translation memory replies use first; nil for none.
    ///   - configuration: how the pipeline behaves.
    public init(
        backend: any TranslationBackend,
        detector: LanguageDetector = .bundled,
        glossary: GlossarySet? = nil,
        cache: TranslationCache<ContinuousClock>? = TranslationCache(),
        compliance: ComplianceStage = ComplianceStage(),
        memory: (any TranslationMemory)? = nil,
        configuration: Configuration = .init()
    ) {
        self.backend = backend
        self.memory = memory
        self.detector = detector
        self.glossary = glossary
        self.cache = cache
        self.configuration = configuration
        self.intake = IntakeStage(configuration: configuration.intake)
        self.compliance = compliance
        self.coalescer = RequestCoalescer()
        self.memoryLookups = MemoryLookups()
    }

    /// The same pipeline (same backend, cache and in-flight requests) with other glossaries, e.g.
    /// after an admin's edit or for another industry.
    /// - Parameters:
    ///   - glossary: the glossaries to enforce; nil for none.
    public func using(_ glossary: GlossarySet?) -> TranslationPipeline {
        TranslationPipeline(copying: self, glossary: glossary, memory: memory)
    }

    /// The same pipeline (same backend, cache, glossaries and in-flight requests) with another
    /// translation memory.
    /// - Parameters:
    ///   - memory: the translation memory replies use first; nil for none.
    public func using(memory: (any TranslationMemory)?) -> TranslationPipeline {
        TranslationPipeline(copying: self, glossary: glossary, memory: memory)
    }

    private init(copying other: TranslationPipeline, glossary: GlossarySet?, memory: (any TranslationMemory)?) {
        self.memory = memory
        backend = other.backend
        detector = other.detector
        self.glossary = glossary
        cache = other.cache
        configuration = other.configuration
        intake = other.intake
        compliance = other.compliance
        coalescer = other.coalescer
        memoryLookups = other.memoryLookups
        logger = other.logger
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
    ///   - logger: where to log the stages (never the text); nil for none.
    public func inbound(_ message: String, context: ConversationContext = .init(), logger: Logger? = nil) async -> TranslationResult {
        let pipeline = logging(to: logger)
        let result = await pipeline.runInbound(message, context: context)
        pipeline.logOutcome(result, direction: "inbound")
        return result
    }

    private func runInbound(_ message: String, context: ConversationContext) async -> TranslationResult {
        var report = Report(pipeline: self, original: message, target: configuration.repLanguage)
        guard let intake = report.runIntake() else { return report.result }

        report.compliance = report.measure("compliance") { compliance.classify(message) }
        if let kind = report.compliance.kind {
            let said = report.compliance.keyword ?? ""
            if report.compliance.isProbable {
                // Words, not a keyword: translated as usual, and the rep is asked to confirm.
                switch kind {
                case .optOut:
                    report.warnings.append(PipelineWarning(
                        .probableOptOut,
                        "The contact wrote “\(said)”, which may be a request to stop messages. Confirm the opt-out, or mark it as not one, before replying."))
                case .optIn:
                    report.warnings.append(PipelineWarning(
                        .optIn, "The contact wrote “\(said)”: probably they agree to receive messages again. Only a keyword (START) opts them back in; an admin can record it."))
                case .help:
                    break
                }
            } else {
                let warning: PipelineWarning =
                    switch kind {
                    case .optOut:
                        PipelineWarning(.optOut, "The contact replied \(said): an opt-out request. Do not message them again unless they opt back in.")
                    case .optIn: PipelineWarning(.optIn, "The contact replied \(said): they agree to receive messages again.")
                    case .help: PipelineWarning(.help, "The contact replied \(said): they asked for help.")
                    }
                report.warnings.append(warning)
                // A keyword reply is shown as what it means, never through machine translation
                // (APy reads ALTO as "High").
                return report.keyword(kind, intakeText: intake.text)
            }
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
    ///   - logger: where to log the stages (never the text); nil for none.
    public func outbound(_ reply: String, context: ConversationContext, logger: Logger? = nil) async -> OutboundTranslation {
        let pipeline = logging(to: logger)
        let outbound = await pipeline.runOutbound(reply, context: context)
        pipeline.logOutcome(outbound.result, direction: "outbound")
        return outbound
    }

    private func runOutbound(_ reply: String, context: ConversationContext) async -> OutboundTranslation {
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
        let variants = configuration.variants
        let variant = variants.variant(of: target)
        let formality = context.formality ?? configuration.formality
        var result = await translateReply(reply, pair: LanguagePair(rep, target), formality: formality)
        if result.status == .translated {
            result.text = variants.rewrite(result.text, for: variant)
            var doubts = variants.doubts(in: result.text, variant: variant, formality: formality)
            doubts += regionalTerms(in: result.text, target: target, variant: variant)
            if let length = TranslationChecks.lengthDoubt(source: result.original, translation: result.text, pair: LanguagePair(rep, target)) {
                doubts.append(length)
            }
            result.warnings += doubts.filter { !result.warnings.contains($0) }
        }
        var backTranslation: TranslationResult?
        if configuration.backTranslation, result.status == .translated || result.status == .needsReview {
            var back = await runTranslate(result.text, from: target, to: rep, formality: nil)
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
    ///   - formality: how the reader is addressed; nil for the pipeline's default.
    ///   - logger: where to log the stages (never the text); nil for none.
    public func translate(
        _ text: String, from source: LanguageTag, to target: LanguageTag, formality: TranslationOptions.Formality? = nil,
        logger: Logger? = nil
    ) async -> TranslationResult {
        let pipeline = logging(to: logger)
        let result = await pipeline.runTranslate(text, from: source, to: target, formality: formality)
        pipeline.logOutcome(result, direction: "known")
        return result
    }

    func runTranslate(
        _ text: String, from source: LanguageTag, to target: LanguageTag, formality: TranslationOptions.Formality?
    ) async -> TranslationResult {
        var report = Report(pipeline: self, original: text, target: target)
        if let formality { report.formality = formality }
        report.source = source
        guard let intake = report.runIntake() else { return report.result }
        guard intake.hasContent else { return report.unchanged(.empty, source: source) }
        if source.language == target.language { return report.unchanged(.sameLanguage, source: source) }
        await report.translate(intake.text, pair: LanguagePair(source, target))
        return report.result
    }

    /// Glossary terms forbidden in the contact's region (a term an admin marked forbidden in
    /// `es-419` or `es-MX`) that the translation uses: doubts, since the language's own forbidden
    /// terms are already checked (and hold the reply).
    func regionalTerms(in text: String, target: LanguageTag, variant: LanguageTag) -> [PipelineWarning] {
        guard let glossary else { return [] }
        // The variant (es-MX), Latin America as a whole for a Latin American country, and the
        // language itself when the contact's tag names a region; not the target (checked already).
        var candidates = [variant]
        if variant.language == "es", let region = VariantRules.region(of: variant), region != "ES", region != "419",
            let latin = LanguageTag("es-419")
        {
            candidates.append(latin)
        }
        if let base = LanguageTag(target.language) { candidates.append(base) }
        var tags: [LanguageTag] = []
        for tag in candidates where tag != target && !tags.contains(tag) { tags.append(tag) }
        var found: [String] = []
        for tag in tags {
            for match in glossary.matcher(for: tag).matches(in: text) where match.term.status == .forbidden && !match.isDoNotTranslate {
                if !found.contains(match.text) { found.append(match.text) }
            }
        }
        guard !found.isEmpty else { return [] }
        return [PipelineWarning(
            .regionalForm,
            "The translation uses \(VariantRules.list(found)), which the glossary marks as wrong for \(variant.identifier); reword the reply or check it.")]
    }
}
