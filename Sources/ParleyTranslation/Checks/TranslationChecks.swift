internal import Foundation
internal import ParleyLanguage

/// Checks of a translation that do not rely on translating it back: a round trip through the same
/// engine hides the engine's own mistakes (APy reads "8:30 AM" as "8:30 I am" and back again).
///
/// Each check that fails gives one doubt (a ``PipelineWarning`` whose kind ``PipelineWarning/Kind/isDoubt``):
/// - words the backend marked as unknown to it (APy, ``UnknownWordMarks``), and source words it left
///   as they were, told from words both languages share by the language model;
/// - numbers outside the protected spans that the translation added or lost;
/// - a translation much shorter or longer than such a text usually is.
struct TranslationChecks {
    let detector: LanguageDetector
    let pair: LanguagePair

    /// The doubts about one backend answer, compared with what was sent (both with placeholders).
    /// - Parameters:
    ///   - masked: the text sent, spans replaced by placeholders.
    ///   - raw: the backend's answer, before restore.
    ///   - style: the placeholders' style.
    ///   - unknown: the words the backend marked as unknown to it.
    func doubts(masked: String, raw: String, style: PlaceholderStyle, unknown: [String] = []) -> [PipelineWarning] {
        let sent = ProtectedText.outsidePlaceholders(masked, style: style, separator: " ")
        let answer = ProtectedText.outsidePlaceholders(raw, style: style, separator: " ")
        var doubts: [PipelineWarning] = []
        // A marked word counts only if the message had it outside the placeholders (APy also marks
        // the T1 of `[[T1]]`).
        let sentWords = Set(Self.words(in: sent).map { $0.word.lowercased() })
        var untranslated = unknown.filter { sentWords.contains($0.lowercased()) }
        for word in untranslatedWords(sent: sent, answer: answer) where !untranslated.contains(where: { $0.lowercased() == word.lowercased() }) {
            untranslated.append(word)
        }
        if !untranslated.isEmpty {
            let words = VariantRules.list(untranslated)
            let them = untranslated.count == 1 ? "it" : "them"
            // The rep can reword their own English; an inbound message's meaning may be missing.
            let advice = pair.source.language == "en"
                ? "Reword \(them) or add \(them) to the glossary."
                : "Read the original: the English may miss \(untranslated.count == 1 ? "its" : "their") meaning."
            doubts.append(PipelineWarning(
                .untranslatedWords,
                "The translation left \(words) as written: the translation engine did not know \(them). \(advice)"))
        }
        let before = Self.numbers(in: sent)
        let after = Self.numbers(in: answer)
        if before != after {
            let added = after.subtracting(before).sorted()
            let lost = before.subtracting(after).sorted()
            var parts: [String] = []
            if !added.isEmpty { parts.append("adds \(added.joined(separator: ", "))") }
            if !lost.isEmpty { parts.append("drops \(lost.joined(separator: ", "))") }
            doubts.append(PipelineWarning(
                .numbersChanged, "The translation \(parts.joined(separator: " and ")) compared with your message; check the numbers."))
        }
        return doubts
    }

    /// Source words (three letters or more) found again in the answer that read as the source's
    /// language rather than the target's. Words written with a capital inside a sentence are
    /// names and may stay.
    func untranslatedWords(sent: String, answer: String) -> [String] {
        var sourceWords: [String: String] = [:]  // lower-cased → as written
        for (word, sentenceStart) in Self.words(in: sent) where word.count >= 3 {
            if let first = word.first, first.isUppercase, !sentenceStart { continue }
            if word.count > 1, word.allSatisfy({ $0.isUppercase }) { continue }
            sourceWords[word.lowercased()] = word
        }
        guard !sourceWords.isEmpty else { return [] }
        let targetScripts = SupportedLanguage.matching(pair.target)?.scripts ?? []
        var found: [String] = []
        for (word, _) in Self.words(in: answer) {
            let lower = word.lowercased()
            guard sourceWords[lower] != nil, !found.contains(where: { $0.lowercased() == lower }) else { continue }
            if !targetScripts.isEmpty, let script = word.unicodeScalars.first.map(Script.init(of:)), !targetScripts.contains(script) {
                found.append(word)  // a Latin word in Chinese, Russian or Arabic
            } else if let likelihood = detector.likelihood(of: lower, in: pair.source, versus: pair.target), likelihood >= 0.85 {
                found.append(word)
            }
        }
        return found
    }

    /// The doubt about a whole translation's length, for texts long enough to judge.
    static func lengthDoubt(source: String, translation: String, pair: LanguagePair) -> PipelineWarning? {
        let sourceLength = source.filter { !$0.isWhitespace }.count
        let length = translation.filter { !$0.isWhitespace }.count
        guard sourceLength >= 24 else { return nil }
        let ratio = Double(length) / Double(sourceLength)
        let dense: Set<String> = ["zh", "ja", "ko"]
        let (low, high) =
            switch (dense.contains(pair.source.language), dense.contains(pair.target.language)) {
            case (false, true): (0.12, 1.1)
            case (true, false): (0.9, 8.0)
            default: (0.45, 2.4)
            }
        guard ratio < low || ratio > high else { return nil }
        let percent = Int((ratio * 100).rounded())
        let what = ratio < low ? "much shorter than your message (\(percent)%): part of it may be missing" : "much longer than your message (\(percent)%): it may say more than you wrote"
        return PipelineWarning(.lengthRatio, "The translation is \(what).")
    }

    // MARK: - Text

    /// Words (letters, inner apostrophes and hyphens) and whether each starts a sentence.
    static func words(in text: String) -> [(word: String, sentenceStart: Bool)] {
        var words: [(String, Bool)] = []
        var current = ""
        var sentenceStart = true
        var startsSentence = true
        for character in text {
            if character.isLetter || (!current.isEmpty && (character == "'" || character == "’")) {
                if current.isEmpty { startsSentence = sentenceStart }
                current.append(character)
                continue
            }
            if !current.isEmpty {
                words.append((current.trimmingCharacters(in: CharacterSet(charactersIn: "'’")), startsSentence))
                current = ""
                sentenceStart = false
            }
            if character.isNumber { sentenceStart = false }
            if ".!?¿¡\n。！？".contains(character) { sentenceStart = true }
        }
        if !current.isEmpty { words.append((current, startsSentence)) }
        return words
    }

    /// The digit runs of a text, as a multiset keyed by run with a count suffix.
    static func numbers(in text: String) -> Set<String> {
        var counts: [String: Int] = [:]
        var current = ""
        for character in text {
            if character.isASCII, character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                counts[current, default: 0] += 1
                current = ""
            }
        }
        if !current.isEmpty { counts[current, default: 0] += 1 }
        return Set(counts.map { $0.value == 1 ? $0.key : "\($0.key) (×\($0.value))" })
    }
}
