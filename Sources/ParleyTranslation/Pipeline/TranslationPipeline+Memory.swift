internal import Foundation
internal import Logging
internal import ParleyGlossary
internal import ParleyLanguage

extension TranslationPipeline {
    /// A reply's sentences from the translation memory where it has approved wording for them, the
    /// rest through the backend: a reply whose first sentence is approved and second is new pays
    /// the backend for the second only.
    ///
    /// The whole reply is looked up first, then each sentence (ICU sentence breaks). Values that
    /// change from message to message (times, dates, amounts, names, codes, `{{vars}}`) fill the
    /// entry's variables, times and dates in the contact's convention. A close match (at or above
    /// ``Configuration/memoryThreshold``, not exact) is used and raises a doubt, so the rep confirms
    /// the reply. Without a memory, or when it has nothing for the reply, this is
    /// ``translate(_:from:to:formality:)``.
    func translateReply(_ reply: String, pair: LanguagePair, formality: TranslationOptions.Formality?) async -> TranslationResult {
        guard let memory else { return await runTranslate(reply, from: pair.source, to: pair.target, formality: formality) }
        var report = Report(pipeline: self, original: reply, target: pair.target)
        report.formality = formality
        report.source = pair.source
        guard let intake = report.runIntake() else { return report.result }
        guard intake.hasContent, pair.source.language != pair.target.language else {
            return await runTranslate(reply, from: pair.source, to: pair.target, formality: formality)
        }

        let start = ContinuousClock.now
        let index: MemoryIndex
        do {
            index = try await memory.index(for: pair)
        } catch {
            var result = await runTranslate(reply, from: pair.source, to: pair.target, formality: formality)
            result.warnings.append(PipelineWarning(
                .memoryUnavailable, "The translation memory could not be read, so approved wording was not used: \(error)"))
            return result
        }
        guard !index.isEmpty else { return await runTranslate(reply, from: pair.source, to: pair.target, formality: formality) }

        let key = MemoryLookups.Key(generation: index.generation, glossary: glossary?.version.identifier ?? "", text: intake.text)
        let pieces = memoryLookups.pieces(for: key) {
            MemoryPiece.split(intake.text) { core in lookUp(core, in: index, pair: pair) }
        }
        report.provenance.record("memory", .now - start)
        let found = pieces.count { $0.match != nil }
        logger.debug("translation memory", metadata: [
            "parley.translation.memory.matched": "\(found)", "parley.translation.memory.sentences": "\(pieces.count)",
        ])
        guard pieces.contains(where: { $0.match != nil }) else {
            var result = await runTranslate(reply, from: pair.source, to: pair.target, formality: formality)
            result.provenance.stages.insert(contentsOf: report.provenance.stages.filter { $0.stage == "memory" }, at: 0)
            return result
        }
        return await report.assemble(pieces, pair: pair)
    }

    /// The approved wording for one sentence (or the whole reply), filled in; nil when the memory
    /// has none close enough.
    func lookUp(_ sentence: Substring, in index: MemoryIndex, pair: LanguagePair) -> (match: MemoryMatch, text: String)? {
        let text = String(sentence)
        let plan = ProtectionPlan(text: text, pair: pair, glossary: glossary, finder: configuration.spanFinder, substitute: false)
        let segment = MemorySegment(text, spans: plan.spans, rendering: plan.rendering(of:))
        if let match = index.match(segment, threshold: configuration.memoryThreshold), let filled = match.render(segment),
            agrees(filled, with: plan)
        {
            return (match, filled)
        }
        // An entry that kept its values as written (the wording did not show them) matches only
        // the very sentence.
        let literal = MemorySegment(memoryText: text)
        if literal.key != segment.key, let match = index.match(literal, threshold: 1), let filled = match.render(literal),
            agrees(filled, with: plan)
        {
            return (match, filled)
        }
        return nil
    }

    /// Whether approved wording still agrees with the glossary (``glossaryProblems(in:for:pair:)``).
    /// The glossary wins: wording approved before an admin changed a term is left to the backend,
    /// which gets the new term.
    func agrees(_ wording: String, with plan: ProtectionPlan) -> Bool {
        Self.glossaryProblems(in: wording, plan: plan).isEmpty
    }

    /// Why wording for a sentence disagrees with the glossaries, in sentences for an admin: a
    /// concept the sentence names whose preferred term the wording lacks (case and accents aside; a
    /// variant or an admitted term is not enough), or a term the glossary forbids. Empty when it
    /// agrees; wording that does not is never used for a reply.
    /// - Parameters:
    ///   - wording: the wording in the target language (variables may stand for values).
    ///   - sentence: the sentence in the source language.
    ///   - pair: the direction.
    public func glossaryProblems(in wording: String, for sentence: String, pair: LanguagePair) -> [String] {
        let plan = ProtectionPlan(text: sentence, pair: pair, glossary: glossary, finder: configuration.spanFinder, substitute: false)
        return Self.glossaryProblems(in: wording, plan: plan)
    }

    static func glossaryProblems(in wording: String, plan: ProtectionPlan) -> [String] {
        let folded = ICU.accentFolded(wording)
        let missing = plan.expectedTerms.filter { !folded.contains(ICU.accentFolded($0.target)) }.map {
            "the glossary's term for “\($0.source)” is “\($0.target)”, which the wording does not use"
        }
        return missing + plan.forbiddenTerms(in: wording)
    }
}

/// A piece of a reply: a sentence (or the whole reply) with the memory's wording, or a run of
/// sentences for the backend, with the white space around it.
struct MemoryPiece: Sendable {
    var leading: Substring
    var core: Substring
    var trailing: Substring
    var match: (match: MemoryMatch, text: String)?

    /// The reply as pieces: the whole when the memory has it, else sentence by sentence, with
    /// neighbouring sentences the memory lacks joined into one run for the backend.
    static func split(_ text: String, lookUp: (Substring) -> (match: MemoryMatch, text: String)?) -> [MemoryPiece] {
        let whole = text.whitespaceParts
        if let found = lookUp(whole.core) {
            return [MemoryPiece(leading: whole.leading, core: whole.core, trailing: whole.trailing, match: found)]
        }
        var pieces: [MemoryPiece] = []
        var cursor = text.startIndex
        for sentence in ICU.sentences(in: text) {
            guard let end = text.index(cursor, offsetBy: sentence.count, limitedBy: text.endIndex) else { break }
            let parts = text[cursor..<end].whitespaceParts
            cursor = end
            if parts.core.isEmpty {
                if var last = pieces.popLast() {
                    last.trailing = text[last.trailing.startIndex..<end]
                    pieces.append(last)
                } else {
                    pieces.append(MemoryPiece(leading: parts.leading, core: parts.core, trailing: parts.trailing))
                }
                continue
            }
            let found = pieces.count == 0 && parts.core == whole.core ? nil : lookUp(parts.core)
            if found == nil, var last = pieces.last, last.match == nil, !last.core.isEmpty {
                // Join the backend's run: from its core's start to this sentence's core's end.
                pieces.removeLast()
                last.core = text[last.core.startIndex..<parts.core.endIndex]
                last.trailing = parts.trailing
                pieces.append(last)
            } else {
                pieces.append(MemoryPiece(leading: parts.leading, core: parts.core, trailing: parts.trailing, match: found))
            }
        }
        if cursor < text.endIndex, var last = pieces.popLast() {
            last.trailing = text[last.trailing.startIndex...]
            pieces.append(last)
        }
        return pieces
    }
}

extension TranslationPipeline.Report {
    /// The reply from its pieces: the memory's wording as it is, each run through the backend.
    mutating func assemble(_ pieces: [MemoryPiece], pair: LanguagePair) async -> TranslationResult {
        var text = ""
        var runs: [TranslationResult] = []
        var closeMatches: [String] = []
        for piece in pieces {
            text += piece.leading
            if let found = piece.match {
                text += found.text
                provenance.memory.append(MemoryUse(
                    entryID: found.match.entry.id, sentence: String(piece.core), source: found.match.entry.source,
                    score: found.match.score, isExact: found.match.isExact))
                if !found.match.isExact {
                    closeMatches.append(
                        "“\(piece.core)” is \(found.match.percent)% like the approved “\(found.match.entry.source)”, whose wording was used: check that the reply still says what you mean.")
                }
            } else if !piece.core.isEmpty {
                let run = await pipeline.translate(String(piece.core), from: pair.source, to: pair.target, formality: formality)
                runs.append(run)
                text += run.text
            }
            text += piece.trailing
        }
        source = pair.source
        target = pair.target
        self.text = text
        for run in runs {
            warnings += run.warnings.filter { !warnings.contains($0) }
            problems += run.problems
            for stage in run.provenance.stages { provenance.stages.append(stage) }
            if run.provenance.backend != nil { provenance.backend = run.provenance.backend }
            provenance.protectedSpans += run.provenance.protectedSpans
            provenance.glossaryTerms += run.provenance.glossaryTerms
            provenance.attempts = max(provenance.attempts, run.provenance.attempts)
            provenance.placeholderStyle = provenance.placeholderStyle ?? run.provenance.placeholderStyle
            provenance.coalesced = provenance.coalesced || run.provenance.coalesced
        }
        let used = provenance.memory.count
        let approved = used == 1 ? "1 sentence uses" : "\(used) sentences use"
        warnings.append(PipelineWarning(
            .approvedWording,
            "\(approved) approved wording from the translation memory: \(provenance.memory.map { "“\($0.source)”" + ($0.isExact ? "" : " (\($0.percent)% alike)") }.joined(separator: "; "))"))
        warnings += closeMatches.map { PipelineWarning(.closeMemoryMatch, $0) }
        if let failed = runs.first(where: { $0.status == .failed }) {
            status = .failed
            failure = failed.failure
            self.text = original
        } else if runs.contains(where: { $0.status == .needsReview }) {
            status = .needsReview
        } else {
            status = .translated
        }
        let origins = Set(runs.map(\.provenance.origin))
        provenance.origin = runs.isEmpty ? .memory : origins.contains(.backend) ? .backend : runs.last?.provenance.origin ?? .memory
        return result
    }
}

extension Substring {
    /// The substring split into leading white space, the core, and trailing white space, with the
    /// indices of the string it came from (`String.whitespaceParts` is this over the whole string).
    var whitespaceParts: (leading: Substring, core: Substring, trailing: Substring) {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return (self[..<start], self[start..<end], self[end...])
    }
}
