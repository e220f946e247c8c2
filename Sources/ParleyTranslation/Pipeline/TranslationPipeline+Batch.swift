public import Logging
public import ParleyLanguage

extension TranslationPipeline {
    /// Translates many texts of one known language, asking the backend once for all the texts the
    /// cache does not hold (backends that take arrays get one request; APy gets concurrent ones).
    ///
    /// Each text then goes through restore and verify on its own; a text whose placeholders came
    /// back damaged is retried alone in the next style.
    /// - Parameters:
    ///   - texts: the texts, in order.
    ///   - source: their language.
    ///   - target: the language wanted.
    ///   - logger: where to log the stages (never the texts); nil for none.
    /// - Returns: one result per text, in order.
    public func translate(
        _ texts: [String], from source: LanguageTag, to target: LanguageTag, logger: Logger? = nil
    ) async -> [TranslationResult] {
        let pipeline = logging(to: logger)
        let results = await pipeline.runTranslate(texts, from: source, to: target)
        for result in results { pipeline.logOutcome(result, direction: "known") }
        return results
    }

    private func runTranslate(_ texts: [String], from source: LanguageTag, to target: LanguageTag) async -> [TranslationResult] {
        let pair = LanguagePair(source, target)
        if glossary != nil, configuration.glossaryEnforcement.provider(for: pair) != nil {
            // Inline terms differ per text: one request per text, concurrently.
            return await withTaskGroup(of: (Int, TranslationResult).self) { group in
                for (index, text) in texts.enumerated() {
                    group.addTask { (index, await runTranslate(text, from: source, to: target, formality: nil)) }
                }
                var results = [TranslationResult?](repeating: nil, count: texts.count)
                for await (index, result) in group { results[index] = result }
                return results.map { $0! }
            }
        }
        var reports: [Report] = []
        var results: [TranslationResult?] = Array(repeating: nil, count: texts.count)
        struct Pending {
            var index: Int
            var input: String
            var plan: ProtectionPlan
            var key: TranslationCacheKey
            var hit: Report.Fetched?
        }
        var pending: [Pending] = []

        for (index, text) in texts.enumerated() {
            var report = Report(pipeline: self, original: text, target: target)
            report.source = source
            reports.append(report)
            guard let intake = reports[index].runIntake() else {
                results[index] = reports[index].result
                continue
            }
            guard intake.hasContent else {
                results[index] = reports[index].unchanged(.empty, source: source)
                continue
            }
            if source.language == target.language {
                results[index] = reports[index].unchanged(.sameLanguage, source: source)
                continue
            }
            let plan = reports[index].measure("protect") {
                ProtectionPlan(text: intake.text, pair: pair, glossary: glossary, finder: configuration.spanFinder)
            }
            let protected = reports[index].measure("protect") { plan.protect(style: configuration.placeholderStyles[0]) }
            guard protected.hasTranslatableText else {
                reports[index].source = source
                reports[index].warnings += plan.warnings
                reports[index].finishWithoutBackend(protected, plan: plan)
                results[index] = reports[index].result
                continue
            }
            let key = cacheKey(protected, pair: pair)
            let hit = await reports[index].lookUp(key)
            pending.append(Pending(index: index, input: intake.text, plan: plan, key: key, hit: hit))
        }

        // One backend request for every distinct miss.
        var misses: [TranslationCacheKey] = []
        for item in pending where item.hit == nil && !misses.contains(item.key) { misses.append(item.key) }
        var fetched: [TranslationCacheKey: Report.Fetched] = [:]
        var failure: TranslationError?
        if !misses.isEmpty {
            let start = ContinuousClock.now
            logger.debug("translation backend call", metadata: [
                "parley.translation.backend": "\(backend.identity)",
                "parley.translation.source": "\(source)", "parley.translation.target": "\(target)",
                "parley.translation.characters": "\(misses.reduce(0) { $0 + $1.protectedText.count })",
                "parley.translation.texts": "\(misses.count)",
            ])
            configuration.usage.record(backend: backend.name, texts: misses.map(\.protectedText))
            do {
                let raws = try await backend.translate(
                    misses.map(\.protectedText), from: source, to: target,
                    options: TranslationOptions(formality: configuration.formality))
                for (key, raw) in zip(misses, raws) { fetched[key] = Report.Fetched(raw: raw, origin: .backend, coalesced: false) }
            } catch {
                failure = error
            }
            let share = (ContinuousClock.now - start) / misses.count
            for item in pending where item.hit == nil { reports[item.index].provenance.record("translate", share) }
        }

        for item in pending {
            if let first = item.hit ?? fetched[item.key] {
                await reports[item.index].translate(item.input, pair: pair, prepared: (item.plan, first))
            } else {
                let error = failure ?? TranslationError(.badResponse, backend: backend.name, message: "the backend returned no translation for this text")
                reports[item.index].fail(PipelineFailure.translation(error))
                reports[item.index].text = item.input
            }
            results[item.index] = reports[item.index].result
        }
        return results.map { $0! }
    }
}
