import Foundation

/// Detects the language of short texts such as SMS messages.
///
/// ICU does the script analysis, normalization and word breaks; a script that only one candidate
/// uses decides alone (Hangul → ko, kana → ja, Ethiopic → am), and a naive-Bayes model of character
/// n-grams and words chooses among languages that share a script. Text with no language in it
/// ("ok", "👍", "12345", a link) is `und`.
///
/// ```swift
/// let detector = try LanguageDetector()
/// let guess = detector.detect("Si", hint: DetectionHint(threadLanguages: [LanguageTag("es")!]))
/// // guess.language == "es"
/// ```
///
/// A detector is an immutable value: share it freely across tasks.
public struct LanguageDetector: Sendable {
    /// Tuning of the detector's decisions.
    public struct Configuration: Sendable, Hashable {
        /// Divides the model's log-likelihoods before they meet the prior; larger values make
        /// confidences less extreme and let hints count for more.
        public var temperature: Double
        /// Prior weight of the contact's preferred language, against 1 for every candidate.
        public var preferredLanguageWeight: Double
        /// Prior weight of the newest thread message's language; older ones count less.
        public var threadLanguageWeight: Double
        /// How much each older thread message's weight shrinks.
        public var threadLanguageDecay: Double
        var featureWeights: FeatureWeights

        /// - Parameters:
        ///   - temperature: divides log-likelihoods before they meet the prior.
        ///   - preferredLanguageWeight: prior weight of the contact's preferred language.
        ///   - threadLanguageWeight: prior weight of the newest thread message's language.
        ///   - threadLanguageDecay: how much each older thread message's weight shrinks.
        public init(
            temperature: Double = 3,
            preferredLanguageWeight: Double = 6,
            threadLanguageWeight: Double = 4,
            threadLanguageDecay: Double = 0.7
        ) {
            self.temperature = temperature
            self.preferredLanguageWeight = preferredLanguageWeight
            self.threadLanguageWeight = threadLanguageWeight
            self.threadLanguageDecay = threadLanguageDecay
            self.featureWeights = .standard
        }
    }

    /// The model that scores languages sharing a script.
    public let model: LanguageModel
    /// The languages this detector chooses from.
    public let candidates: [SupportedLanguage]
    /// Tuning.
    public var configuration: Configuration

    /// The detector over every supported language with the bundled model, loaded once.
    ///
    /// The model ships in this package's resources, so loading it fails only when an install lost
    /// them; the program then stops with what to do, as no message could be read without it.
    /// ``init(candidates:model:configuration:)`` reports that as an error instead.
    public static var bundled: LanguageDetector {
        switch bundledResult {
        case .success(let detector): detector
        case .failure(let error): fatalError("\(error.message); reinstall Parley with its ParleyLanguage resources")
        }
    }

    private static let bundledResult: Result<LanguageDetector, LanguageDetectionError> = Result { () throws(LanguageDetectionError) in
        try LanguageDetector()
    }

    /// Creates a detector.
    /// - Parameters:
    ///   - candidates: the languages to choose from; all supported languages when nil.
    ///   - model: the statistical model; the bundled one when nil.
    ///   - configuration: tuning.
    /// - Throws: `LanguageDetectionError` when a candidate is not supported or the model cannot load.
    public init(
        candidates: [LanguageTag]? = nil,
        model: LanguageModel? = nil,
        configuration: Configuration = .init()
    ) throws(LanguageDetectionError) {
        if let model {
            self.model = model
        } else {
            do {
                self.model = try LanguageModel.bundled()
            } catch {
                throw LanguageDetectionError(error.message)
            }
        }
        var chosen: [SupportedLanguage] = []
        for tag in candidates ?? SupportedLanguage.all.map(\.tag) {
            guard let language = SupportedLanguage.matching(tag) else {
                let supported = SupportedLanguage.all.map(\.tag.identifier).joined(separator: ", ")
                throw LanguageDetectionError("'\(tag)' is not a supported language; choose from \(supported)")
            }
            if let modelClass = language.modelClass, self.model.classIndex(modelClass) == nil {
                throw LanguageDetectionError(
                    "the language model has no class '\(modelClass)' for \(language.tag); rebuild it with "
                        + "scripts/langid/make-model.sh")
            }
            if !chosen.contains(language) { chosen.append(language) }
        }
        guard !chosen.isEmpty else { throw LanguageDetectionError("the candidate set is empty; name at least one language") }
        self.candidates = chosen
        self.configuration = configuration
        var groups: [ScriptGroup: GroupCandidates] = [:]
        for group in ScriptGroup.allCases {
            let languages = chosen.filter { ScriptGroup.groups(of: $0).contains(group) }
            if !languages.isEmpty {
                groups[group] = GroupCandidates(languages: languages, classes: ModelScorer.Classes(languages: languages, model: self.model))
            }
        }
        self.groups = groups
    }

    /// The candidates of each script group, and the model classes that score them.
    private let groups: [ScriptGroup: GroupCandidates]

    private struct GroupCandidates: Sendable {
        var languages: [SupportedLanguage]
        var classes: ModelScorer.Classes
    }

    /// Detects the language of a text.
    /// - Parameters:
    ///   - text: the message, of any length (very long texts are judged by their first 2,000 characters).
    ///   - hint: what is known of the conversation: the contact's preferred language and the
    ///     languages of earlier messages.
    /// - Returns: the guess: a language or `und`, a confidence and the runner-up.
    public func detect(_ text: String, hint: DetectionHint = .none) -> LanguageGuess {
        detect(TextAnalysis(text), hint: hint)
    }

    /// Detects the language of each of several texts, in order; the same guesses as detecting them
    /// one by one.
    /// - Parameters:
    ///   - texts: the messages.
    ///   - hint: what is known of the conversation, for every text.
    /// - Returns: one guess per text.
    public func detect(_ texts: [String], hint: DetectionHint = .none) -> [LanguageGuess] {
        texts.map { detect(TextAnalysis($0), hint: hint) }
    }

    func detect(_ analysis: TextAnalysis, hint: DetectionHint) -> LanguageGuess {
        let truncated = analysis.truncated
        guard !analysis.words.isEmpty else {
            return LanguageGuess(language: .und, confidence: 1, method: .noLetters, analysedPrefixOnly: truncated)
        }
        let content = analysis.contentWords
        // One letter ("k", "y") is not enough to judge; one Han, kana or Hangul character is.
        guard content.contains(where: { $0.count * ScriptGroup.letterWeight($0.script) >= 2 }) else {
            return LanguageGuess(language: .und, confidence: 0.9, method: .neutralWords, analysedPrefixOnly: truncated)
        }

        let hasKana = content.contains { $0.script == .hiragana || $0.script == .katakana }
        // One script group almost always: skip the dictionary then.
        let firstGroup = ScriptGroup(content[0].script, textHasKana: hasKana)
        if content.allSatisfy({ ScriptGroup($0.script, textHasKana: hasKana) == firstGroup }) {
            guard let candidates = groups[firstGroup] else {
                return LanguageGuess(language: .und, confidence: 1, method: .unsupportedScript, analysedPrefixOnly: truncated)
            }
            var guess = decide(group: firstGroup, candidates: candidates, analysis: analysis, words: content, hasKana: hasKana, hint: hint)
            guess.analysedPrefixOnly = truncated
            return guess
        }
        var mass: [ScriptGroup: Int] = [:]
        for word in content {
            let group = ScriptGroup(word.script, textHasKana: hasKana)
            mass[group, default: 0] += word.count * ScriptGroup.letterWeight(word.script)
        }
        let total = Double(mass.values.reduce(0, +))
        let ranked = mass.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.hashValue < $1.key.hashValue }

        for (group, groupMass) in ranked {
            guard let candidates = groups[group] else { continue }
            let share = Double(groupMass) / total
            var guess = decide(group: group, candidates: candidates, analysis: analysis, words: content, hasKana: hasKana, hint: hint)
            guess.confidence *= share
            guess.analysedPrefixOnly = truncated
            return guess
        }
        let share = Double(ranked.first?.value ?? 0) / max(total, 1)
        return LanguageGuess(
            language: .und, confidence: share, method: .unsupportedScript, analysedPrefixOnly: truncated)
    }

    private func decide(
        group: ScriptGroup,
        candidates: GroupCandidates,
        analysis: TextAnalysis,
        words: [TextAnalysis.Word],
        hasKana: Bool,
        hint: DetectionHint
    ) -> LanguageGuess {
        let languages = candidates.languages
        if languages.count == 1 || group == .japanese {
            let language = languages.first { group != .japanese || $0.tag.identifier == "ja" } ?? languages[0]
            return LanguageGuess(language: language.tag, confidence: 1, method: .script)
        }
        let groupWords = words.filter { ScriptGroup($0.script, textHasKana: hasKana) == group }
        var ranking = score(groupWords, in: analysis, classes: candidates.classes, hint: hint)
        // Chinese is one model class; ICU's Traditional↔Simplified mappings tell the scripts apart.
        if let chinese = ranking.firstIndex(where: { $0.language == "zh" }) {
            let probability = ranking.remove(at: chinese).confidence
            let text = String(String.UnicodeScalarView(groupWords.flatMap(analysis.scalars(of:)).compactMap(Unicode.Scalar.init)))
            let scripts = HanScript.classify(
                text, candidates: languages.map(\.tag).filter { $0.language == "zh" }, hint: hint)
            for (tag, share) in scripts { ranking.append((tag.identifier, probability * share)) }
            ranking.sort { $0.confidence > $1.confidence }
        }
        guard !ranking.isEmpty else {
            return LanguageGuess(language: .und, confidence: 0, method: .model)
        }
        let best = ranking[0]
        let second = ranking.count > 1 ? ranking[1] : nil
        return LanguageGuess(
            language: LanguageTag(uncheckedIdentifier: best.language),
            confidence: best.confidence,
            runnerUp: second.map {
                LanguageGuess.Alternative(language: LanguageTag(uncheckedIdentifier: $0.language), confidence: $0.confidence)
            },
            method: .model)
    }

    /// Posterior probabilities of the model classes, best first.
    private func score(
        _ words: [TextAnalysis.Word], in analysis: TextAnalysis, classes: ModelScorer.Classes, hint: DetectionHint
    ) -> [(language: String, confidence: Double)] {
        var scorer = ModelScorer(model: model, classes: classes)
        analysis.letters.withUnsafeBufferPointer { letters in
            for word in words { scorer.add(word: UnsafeBufferPointer(rebasing: letters[word.range])) }
        }
        let scores = scorer.scores(weights: configuration.featureWeights)
        let prior = priors(for: classes, hint: hint)
        let logits = zip(scores, prior).map { $0 / configuration.temperature + $1 }
        let top = logits.max() ?? 0
        let exponentials = logits.map { exp($0 - top) }
        let sum = exponentials.reduce(0, +)
        return zip(classes.names, exponentials)
            .map { ($0, $1 / sum) }
            .sorted { $0.1 > $1.1 }
    }

    /// Log prior of each class from the hint.
    private func priors(for classes: ModelScorer.Classes, hint: DetectionHint) -> [Double] {
        var weights = [Double](repeating: 1, count: classes.names.count)
        func add(_ tag: LanguageTag, _ weight: Double) {
            guard let language = SupportedLanguage.matching(tag), let modelClass = language.modelClass,
                  let index = classes.names.firstIndex(of: modelClass)
            else { return }
            weights[index] += weight
        }
        if let preferred = hint.preferredLanguage { add(preferred, configuration.preferredLanguageWeight) }
        var weight = configuration.threadLanguageWeight
        for tag in hint.threadLanguages.prefix(10) {
            add(tag, weight)
            weight *= configuration.threadLanguageDecay
        }
        let total = weights.reduce(0, +)
        return weights.map { log($0 / total) }
    }
}

extension ModelScorer.Classes {
    /// The model classes a set of candidate languages needs.
    init(languages: [SupportedLanguage], model: LanguageModel) {
        self.init(names: languages.compactMap(\.modelClass), model: model)
    }
}

/// A detector that cannot be created as asked.
public struct LanguageDetectionError: Error, CustomStringConvertible, Sendable {
    /// What went wrong and what to do.
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
