/// Tells Simplified from Traditional Chinese text with ICU's `Hant-Hans` and `Hans-Hant`
/// transliterators: characters that only one script writes that way change under one of them.
enum HanScript {
    static let simplified = LanguageTag(uncheckedIdentifier: "zh-Hans")
    static let traditional = LanguageTag(uncheckedIdentifier: "zh-Hant")

    /// The Chinese scripts among `candidates` with their shares of the probability, best first.
    static func classify(
        _ text: String, candidates: [LanguageTag], hint: DetectionHint
    ) -> [(LanguageTag, Double)] {
        let hasSimplified = candidates.contains(simplified)
        let hasTraditional = candidates.contains(traditional)
        if !(hasSimplified && hasTraditional) { return candidates.prefix(1).map { ($0, 1) } }

        let traditionalOnly = changedCount(text, transform: "Hant-Hans")
        let simplifiedOnly = changedCount(text, transform: "Hans-Hant")
        // Laplace-smoothed evidence, plus the thread's script when the text does not say.
        var simplifiedWeight = Double(simplifiedOnly) + 0.5
        var traditionalWeight = Double(traditionalOnly) + 0.5
        let hinted = ([hint.preferredLanguage].compactMap { $0 } + hint.threadLanguages)
            .compactMap(SupportedLanguage.matching).first { $0.tag.language == "zh" }?.tag
        if hinted == traditional { traditionalWeight += 0.5 } else { simplifiedWeight += 0.25 }
        let total = simplifiedWeight + traditionalWeight
        let ranked = [(simplified, simplifiedWeight / total), (traditional, traditionalWeight / total)]
        return ranked.sorted { $0.1 > $1.1 }
    }

    /// How many characters of `text` a transliterator changes.
    private static func changedCount(_ text: String, transform: String) -> Int {
        guard let converted = ICU.transliterate(text, transform: transform) else { return 0 }
        let before = Array(text.unicodeScalars)
        let after = Array(converted.unicodeScalars)
        if before.count == after.count {
            return zip(before, after).count { $0 != $1 }
        }
        return Set(before).subtracting(after).count
    }
}
