internal import Foundation
internal import Logging
internal import ParleyGlossary
internal import ParleyLanguage

extension TranslationPipeline {
    /// The cache key for a protected text: backend identity, direction, glossary version, protection
    /// scheme and style, formality, and the masked text.
    func cacheKey(
        _ protected: ProtectedText, pair: LanguagePair, provider: (glossary: String?, inlineTerms: Bool)? = nil,
        formality: TranslationOptions.Formality?? = nil
    ) -> TranslationCacheKey {
        TranslationCacheKey(
            backend: backend.identity, source: pair.source, target: pair.target, glossaryVersion: glossary?.version,
            protection: "placeholders-v1/\(protected.style)" + Self.providerTag(provider), formality: formality ?? configuration.formality,
            protectedText: protected.masked)
    }

    /// `/provider:<glossary id>:inline` for provider enforcement; empty for substitution.
    static func providerTag(_ provider: (glossary: String?, inlineTerms: Bool)?) -> String {
        guard let provider else { return "" }
        return "/provider:\(provider.glossary ?? "-")" + (provider.inlineTerms ? ":inline" : "")
    }

    /// The cache key for a verified result of a whole text (after restore), so a repeat skips the
    /// protect and restore stages: the same fields as ``cacheKey(_:pair:)`` with the text after
    /// intake and the placeholder styles tried.
    func verifiedResultKey(
        _ text: String, pair: LanguagePair, provider: (glossary: String?, inlineTerms: Bool)? = nil,
        formality: TranslationOptions.Formality?? = nil
    ) -> TranslationCacheKey {
        TranslationCacheKey(
            backend: backend.identity, source: pair.source, target: pair.target, glossaryVersion: glossary?.version,
            protection: "verified-v2/" + configuration.placeholderStyles.map(\.rawValue).joined(separator: ",")
                + Self.providerTag(provider),
            formality: formality ?? configuration.formality, protectedText: text)
    }

    /// One message's way through the stages: what each stage found, and the result so far.
    struct Report {
        let pipeline: TranslationPipeline
        let original: String
        var text: String
        var source: LanguageTag = .und
        var target: LanguageTag
        var detection: LanguageGuess?
        var compliance: ComplianceResult = .none
        var intakeIssues: [IntakeIssue] = []
        var warnings: [PipelineWarning] = []
        var provenance = TranslationProvenance()
        var status: TranslationResult.Status = .unchanged
        var unchangedReason: TranslationResult.UnchangedReason?
        var problems: [String] = []
        var failure: PipelineFailure?
        /// The register asked of the backend.
        var formality: TranslationOptions.Formality?

        init(pipeline: TranslationPipeline, original: String, target: LanguageTag) {
            self.pipeline = pipeline
            self.formality = pipeline.configuration.formality
            self.original = original
            self.text = original
            self.target = target
            if let glossary = pipeline.glossary {
                provenance.glossaryVersion = glossary.version
                provenance.glossaries = glossary.versions
            }
        }

        var result: TranslationResult {
            TranslationResult(
                status: status, unchangedReason: unchangedReason, original: original, text: text, source: source,
                target: target, detection: detection, compliance: compliance, intakeIssues: intakeIssues,
                problems: problems, failure: failure, warnings: warnings, provenance: provenance)
        }

        mutating func measure<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
            let start = ContinuousClock.now
            defer { provenance.record(stage, .now - start) }
            return try body()
        }

        /// Stage 1; nil (and a failed result) when intake refuses the message.
        mutating func runIntake() -> IntakeResult? {
            let start = ContinuousClock.now
            defer { provenance.record("intake", .now - start) }
            do throws(IntakeError) {
                let intake = try pipeline.intake.process(original)
                text = intake.text
                intakeIssues = intake.issues
                let cleaned = intake.issues.filter { $0.kind != .normalized && $0.kind != .empty && $0.kind != .lineBreaks }
                if !cleaned.isEmpty {
                    warnings.append(PipelineWarning(.textCleaned, cleaned.map(\.message).joined(separator: " ")))
                }
                return intake
            } catch {
                fail(PipelineFailure(stage: .intake, message: error.message, intakeError: error))
                return nil
            }
        }

        /// A keyword reply (STOP, ALTO, AYUDA), shown as what it means rather than translated:
        /// "ALTO — opt-out request".
        mutating func keyword(_ kind: ComplianceResult.Kind, intakeText: String) -> TranslationResult {
            // The keyword's language only when no other language has it (ALTO, not STOP or PARAR),
            // so a shared keyword says nothing of the thread's language.
            source = compliance.languages.count == 1 ? compliance.language ?? .und : .und
            status = .translated
            let meaning =
                switch kind {
                case .optOut: "opt-out request"
                case .optIn: "opt-in request (they agree to receive messages again)"
                case .help: "help request"
                }
            text = "\(intakeText.trimmingCharacters(in: .whitespacesAndNewlines)) — \(meaning)"
            provenance.origin = .keyword
            return result
        }

        mutating func unchanged(_ reason: TranslationResult.UnchangedReason, source: LanguageTag) -> TranslationResult {
            self.source = source
            status = .unchanged
            unchangedReason = reason
            return result
        }

        mutating func fail(_ failure: PipelineFailure) {
            status = .failed
            self.failure = failure
        }

        // MARK: - Stages 4 to 9

        /// Protects, looks up, translates, restores and verifies, trying each placeholder style in
        /// turn until one restores intact.
        /// - Parameters:
        ///   - input: the text after intake.
        ///   - pair: the direction.
        ///   - prepared: the plan and the first style's backend output, when a batch fetched them.
        ///   - enforcement: how glossary terms are enforced, if not as configured.
        mutating func translate(
            _ input: String, pair: LanguagePair, prepared: (plan: ProtectionPlan, first: Fetched)? = nil,
            enforcement: GlossaryEnforcement? = nil
        ) async {
            source = pair.source
            target = pair.target
            let pipeline = self.pipeline
            let provider = pipeline.glossary == nil ? nil : (enforcement ?? pipeline.configuration.glossaryEnforcement).provider(for: pair)
            // A verified result for this very text: no protect or restore needed.
            let verifiedKey = pipeline.verifiedResultKey(input, pair: pair, provider: provider, formality: formality)
            if prepared == nil, let hit = await lookUp(verifiedKey), let verified = VerifiedResult(decoding: hit.raw) {
                verified.apply(to: &self, origin: hit.origin, backend: pipeline.backend.identity)
                return
            }
            let plan = prepared?.plan ?? measure("protect") {
                ProtectionPlan(
                    text: input, pair: pair, glossary: pipeline.glossary, finder: pipeline.configuration.spanFinder,
                    substitute: provider == nil)
            }
            let options = TranslationOptions(
                formality: formality, providerGlossary: provider?.glossary,
                terms: provider?.inlineTerms == true ? plan.inlineTerms : [:])
            warnings += plan.warnings
            provenance.protectedSpans = plan.protectedSpanCount
            provenance.glossaryTerms = plan.termCount

            var best: (text: String, problems: [String])?
            for (attempt, style) in pipeline.configuration.placeholderStyles.enumerated() {
                let protected = measure("protect") { plan.protect(style: style) }
                if attempt == 0, !protected.hasTranslatableText {
                    finishWithoutBackend(protected, plan: plan)
                    return
                }
                provenance.attempts = attempt + 1
                let key = pipeline.cacheKey(protected, pair: pair, provider: provider, formality: formality)

                let fetched: Fetched
                switch attempt == 0 && prepared != nil ? .success(prepared!.first) : await fetch(key, pair: pair, options: options) {
                case .success(let value): fetched = value
                case .failure(let error):
                    fail(PipelineFailure.translation(error))
                    text = input
                    return
                }

                // The backend's marks on words it did not know (APy's), kept in the cache, read here.
                let answer = UnknownWordMarks.read(fetched.raw)
                let restoration = measure("restore") { protected.restore(answer.text, replacement: plan.replacement(for:)) }
                let problems = restoration.problems + measure("restore") { plan.forbiddenTerms(in: answer.text) }
                let missingTerms = provider == nil ? [] : measure("restore") { plan.missingTerms(in: restoration.text) }
                if !missingTerms.isEmpty, restoration.problems.isEmpty {
                    // The provider's glossary did not hold: substitute the terms instead.
                    warnings.append(PipelineWarning(
                        .providerGlossaryIgnored,
                        "The provider did not apply the glossary (\(missingTerms.joined(separator: "; "))); the terms were substituted instead."))
                    warnings.removeAll { plan.warnings.contains($0) }
                    await translate(input, pair: pair, enforcement: .substitution)
                    return
                }
                if problems.isEmpty {
                    // The backend's answer is cached before anything else is done with it: a request
                    // that missed the coalescer's flight finds it at once.
                    if let cache = pipeline.cache, !fetched.fresh.isEmpty || (!fetched.coalesced && fetched.origin == .backend) {
                        let start = ContinuousClock.now
                        // Each sentence the backend answered, for the next draft that has it.
                        for piece in fetched.fresh { await cache.set(piece.key, piece.raw) }
                        if !fetched.coalesced, fetched.origin == .backend { await cache.set(key, fetched.raw) }
                        provenance.record("cache", .now - start)
                    }
                    let doubts = measure("check") {
                        TranslationChecks(detector: pipeline.detector, pair: pair).doubts(
                            masked: protected.masked, raw: answer.text, style: style, unknown: answer.unknown)
                    }
                    let retried = attempt == 0 ? [] : [
                        PipelineWarning(
                            .placeholderRetry,
                            "The backend damaged \(pipeline.configuration.placeholderStyles[0]) placeholders; \(style) placeholders worked.")
                    ]
                    let verified = VerifiedResult(
                        text: restoration.text, style: style, attempts: attempt + 1, protectedSpans: plan.protectedSpanCount,
                        glossaryTerms: plan.termCount, warnings: plan.warnings + retried + doubts)
                    if !fetched.coalesced, let cache = pipeline.cache {
                        let start = ContinuousClock.now
                        await cache.set(verifiedKey, verified.encoded)
                        provenance.record("cache", .now - start)
                    }
                    provenance.origin = fetched.origin
                    provenance.backend = pipeline.backend.identity
                    provenance.coalesced = fetched.coalesced
                    provenance.placeholderStyle = style
                    warnings += retried + doubts
                    status = .translated
                    text = restoration.text
                    return
                }
                if best == nil || problems.count < best!.problems.count {
                    best = (restoration.text, problems.map { "\(style): \($0)" })
                    provenance.origin = fetched.origin
                    provenance.backend = pipeline.backend.identity
                    provenance.placeholderStyle = style
                }
            }
            status = .needsReview
            text = best?.text ?? input
            problems = best?.problems ?? []
        }

        /// Nothing for a backend: the message is only spans, or spans with glossary terms or times,
        /// dates and durations to render in the target language ("3pm 👍" → "3 p. m. 👍").
        mutating func finishWithoutBackend(_ protected: ProtectedText, plan: ProtectionPlan) {
            guard protected.entries.contains(where: { $0.kind == .term || plan.replacement(for: $0) != nil }) else {
                status = .unchanged
                unchangedReason = .nothingToTranslate
                return
            }
            let restoration = measure("restore") { protected.restore(protected.masked, replacement: plan.replacement(for:)) }
            provenance.origin = .glossary
            provenance.placeholderStyle = protected.style
            provenance.attempts = 1
            status = restoration.isIntact ? .translated : .needsReview
            problems = restoration.problems
            text = restoration.text
        }

        struct Fetched {
            var raw: String
            var origin: TranslationProvenance.Origin
            var coalesced: Bool
            /// The sentences this request asked the backend for itself, with their keys: cached once
            /// the whole answer is verified.
            var fresh: [(key: TranslationCacheKey, raw: String)] = []
        }

        /// Stage 6 alone: the cache's answer, if any.
        mutating func lookUp(_ key: TranslationCacheKey) async -> Fetched? {
            guard let cache = pipeline.cache else { return nil }
            let start = ContinuousClock.now
            let hit = await cache.lookup(key)
            provenance.record("cache", .now - start)
            guard let hit else { return nil }
            pipeline.logger.debug("translation cache hit", metadata: [
                "parley.translation.cache": "\(hit.tier == .memory ? "memory" : "persistent")",
                "parley.translation.source": "\(key.source)", "parley.translation.target": "\(key.target)",
            ])
            return Fetched(raw: hit.value, origin: hit.tier == .memory ? .memoryCache : .persistentCache, coalesced: false)
        }

        /// Stages 6 to 8: the cache, else the backend through the coalescer; a text of several
        /// sentences sentence by sentence (``Configuration/translatesBySentence``).
        private mutating func fetch(
            _ key: TranslationCacheKey, pair: LanguagePair, options: TranslationOptions
        ) async -> Result<Fetched, TranslationError> {
            if let hit = await lookUp(key) { return .success(hit) }
            let sentences = pipeline.configuration.translatesBySentence ? SentenceSplitter.sentences(in: key.protectedText) : []
            if sentences.count > 1 { return await fetch(key, sentences: sentences, pair: pair, options: options) }
            let start = ContinuousClock.now
            defer { provenance.record("translate", .now - start) }
            return await pipeline.callBackend(key, pair: pair, options: options).map {
                Fetched(raw: $0.raw, origin: .backend, coalesced: !$0.led)
            }
        }

        /// A text of several sentences: each sentence from the cache, the others from the backend
        /// (one request per sentence: the first alone, so a failing backend gets one call, then the
        /// others concurrently; each coalesced with the same sentence in flight),
        /// joined with the white space between them as it was.
        ///
        /// One request per sentence bills the same characters as one request for all the missing
        /// ones, and lets each answer be cached on its own; the backends translate sentence by
        /// sentence anyway (Apertium), or lose only context across sentences.
        private mutating func fetch(
            _ key: TranslationCacheKey, sentences: [Range<String.Index>], pair: LanguagePair, options: TranslationOptions
        ) async -> Result<Fetched, TranslationError> {
            let text = key.protectedText
            let keys = sentences.map { key.with(protectedText: String(text[$0])) }
            var answers = [String?](repeating: nil, count: keys.count)
            var origin = TranslationProvenance.Origin.memoryCache
            for (index, sentenceKey) in keys.enumerated() {
                guard let hit = await lookUp(sentenceKey) else { continue }
                answers[index] = hit.raw
                if hit.origin == .persistentCache { origin = .persistentCache }
            }
            var fresh: [(key: TranslationCacheKey, raw: String)] = []
            var followed = false
            var missing: [TranslationCacheKey] = []
            for (index, sentenceKey) in keys.enumerated() where answers[index] == nil && !missing.contains(sentenceKey) {
                missing.append(sentenceKey)
            }
            if !missing.isEmpty {
                origin = .backend
                let start = ContinuousClock.now
                defer { provenance.record("translate", .now - start) }
                let pipeline = self.pipeline
                // The first sentence alone, then the others together: a backend that fails gets one
                // call per draft, as it did for the whole text, and its circuit counts drafts.
                var outcomes: [TranslationCacheKey: Result<(raw: String, led: Bool), TranslationError>] = [:]
                outcomes[missing[0]] = await pipeline.callBackend(missing[0], pair: pair, options: options)
                if case .failure(let error)? = outcomes[missing[0]] { return .failure(error) }
                let rest = missing.dropFirst()
                outcomes.merge(
                    await withTaskGroup(of: (TranslationCacheKey, Result<(raw: String, led: Bool), TranslationError>).self) { group in
                        for sentenceKey in rest {
                            group.addTask { (sentenceKey, await pipeline.callBackend(sentenceKey, pair: pair, options: options)) }
                        }
                        var outcomes: [TranslationCacheKey: Result<(raw: String, led: Bool), TranslationError>] = [:]
                        for await (sentenceKey, outcome) in group { outcomes[sentenceKey] = outcome }
                        return outcomes
                    }, uniquingKeysWith: { first, _ in first })
                for sentenceKey in missing {
                    switch outcomes[sentenceKey] {
                    case .success(let answer)?:
                        if answer.led { fresh.append((sentenceKey, answer.raw)) } else { followed = true }
                        for index in keys.indices where keys[index] == sentenceKey { answers[index] = answer.raw }
                    case .failure(let error)?:
                        return .failure(error)
                    case nil:
                        return .failure(TranslationError(.cancelled, backend: pipeline.backend.name, message: "the translation was cancelled"))
                    }
                }
            }
            var raw = String(text[..<sentences[0].lowerBound])
            for (index, range) in sentences.enumerated() {
                if index > 0 { raw += text[sentences[index - 1].upperBound..<range.lowerBound] }
                raw += answers[index]![...].whitespaceParts.core
            }
            raw += text[sentences[sentences.count - 1].upperBound...]
            return .success(Fetched(raw: raw, origin: origin, coalesced: fresh.isEmpty && followed, fresh: fresh))
        }
    }

    /// One backend call for one protected text, through the coalescer (identical requests in flight
    /// make one call), counted in ``Configuration/usage`` when it is made; `led` is false when this
    /// caller joined another's call.
    func callBackend(
        _ key: TranslationCacheKey, pair: LanguagePair, options: TranslationOptions
    ) async -> Result<(raw: String, led: Bool), TranslationError> {
        let leader = LeaderFlag()
        let backend = self.backend
        let logger = self.logger
        let usage = configuration.usage
        do {
            let raw = try await coalescer.run(key) {
                leader.mark()
                logger.debug("translation backend call", metadata: [
                    "parley.translation.backend": "\(backend.identity)",
                    "parley.translation.source": "\(pair.source)", "parley.translation.target": "\(pair.target)",
                    "parley.translation.characters": "\(key.protectedText.count)",
                ])
                usage.record(backend: backend.name, texts: CollectionOfOne(key.protectedText))
                return try await backend.translate(key.protectedText, from: pair.source, to: pair.target, options: options)
            }
            return .success((raw, leader.isMarked))
        } catch let error as TranslationError {
            return .failure(error)
        } catch {
            return .failure(TranslationError(.cancelled, backend: backend.name, message: "the translation was cancelled"))
        }
    }
}
