internal import Foundation

extension LanguageDetector {
    /// How likely a word is to belong to one language rather than another, from the model alone
    /// (no conversation hint): near 1 when it reads as `language`, near 0 when it reads as `other`.
    ///
    /// A translation check uses it to tell a source word the backend left as it was (`furnace` in
    /// Spanish) from a word both languages write alike (`gas`, `hotel`).
    /// - Parameters:
    ///   - word: one word.
    ///   - language: the language asked about.
    ///   - other: the language it is weighed against.
    /// - Returns: the probability, or nil when the model cannot weigh these two languages.
    public func likelihood(of word: String, in language: LanguageTag, versus other: LanguageTag) -> Double? {
        guard let first = SupportedLanguage.matching(language)?.modelClass,
            let second = SupportedLanguage.matching(other)?.modelClass, first != second
        else { return nil }
        let classes = ModelScorer.Classes(names: [first, second], model: model)
        guard classes.names.count == 2 else { return nil }
        let analysis = TextAnalysis(word)
        guard !analysis.words.isEmpty else { return nil }
        var scorer = ModelScorer(model: model, classes: classes)
        for word in analysis.words { scorer.add(word: Array(analysis.scalars(of: word))) }
        let scores = scorer.scores(weights: configuration.featureWeights).map { $0 / configuration.temperature }
        let top = max(scores[0], scores[1])
        let a = exp(scores[0] - top)
        let b = exp(scores[1] - top)
        return a / (a + b)
    }
}
