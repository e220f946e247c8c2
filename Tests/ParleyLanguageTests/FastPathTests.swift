import Foundation
import ParleyTesting
import PropertyBased
import Testing

@testable import ParleyLanguage

/// The detector's fast path (Latin and Cyrillic text folded and split without ICU) gives exactly
/// what the ICU path gives: the same words, letters, scripts and neutral words, hence the same guess.
@Suite struct FastPathTests {
    /// The pieces generated texts are made of: every kind of character the fast path must take or
    /// refuse, including the ones that make it hand over to ICU.
    static let pieces: [String] = [
        "a", "b", "e", "k", "o", "s", "z", "A", "B", "Q", "Z", "ok", "jaja", "haha", "kkk", "hola", "Hola", "gracias",
        "don't", "l'eau", "e.g", "U.S.A.", "rock'n'roll", "a'", "'a", "''", "..", "...", ".", "'", "’", "‘", "l’eau",
        "é", "É", "ñ", "Ñ", "ü", "ß", "ẞ", "æ", "ø", "å", "ç", "œ", "Œ", "ĳ", "Ĳ", "ŉ", "ſ", "ǅ", "ǈ", "ª", "º", "µ", "İ", "ı",
        "ł", "Ł", "ż", "ą", "ę", "ś", "ć", "ơ", "ư", "đ", "Đ", "ệ", "ữ", "Ạ", "ḁ", "ẞ", "ǆ", "ƛ", "ȼ",
        "п", "П", "ё", "Ё", "ї", "Ї", "є", "ґ", "ѣ", "Ѣ", "ӂ", "ԁ", "й",
        "0", "1", "9", "12", "3.5", "10:30", "a1", "1a", "x2y", "_", "a_b", ":", "a:b", ",", ";", "-", "—", "–", "…",
        "!", "?", "¿", "¡", "«", "»", "“", "”", "\"", "(", ")", "/", "@", "#", "&", "%", "$", "€", "*", "+", "=", "<", ">",
        " ", " ", "  ", "\u{A0}", "\t", "\n", "\u{0}", "\u{200B}", "\u{AD}", "\u{2028}",
        "e\u{301}", "\u{301}", "\u{308}", "a\u{300}b", "日本", "カ", "한", "ع", "ह", "ሀ", "α", "Ω", "😀", "👍🏽", "ﬁ", "Ｈ", "①",
        "www.example.com", "https://x.co/a", "@ana", "#tag", "{{name}}", "a.b@c.com",
    ]

    static func text(_ rng: inout some RandomNumberGenerator) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            text += pieces.randomElement(using: &rng)!
            if Int.random(in: 0..<3, using: &rng) == 0 { text += " " }
        }
        return text
    }

    /// What an analysis found, comparably.
    static func summary(_ analysis: TextAnalysis) -> [String] {
        analysis.words.map { word in
            let letters = analysis.scalars(of: word).map { String($0, radix: 16) }.joined(separator: ",")
            return "\(letters)|\(word.script)|\(word.isNeutral)"
        } + ["truncated: \(analysis.truncated)"]
    }

    static func requireSamePaths(_ text: String, detector: LanguageDetector) throws {
        let fast = TextAnalysis(text)
        let icu = TextAnalysis(text, allowFastPath: false)
        try Fuzz.require(summary(fast) == summary(icu), "fast path \(summary(fast)), ICU \(summary(icu))")
        let guess = detector.detect(fast, hint: .none)
        let icuGuess = detector.detect(icu, hint: .none)
        try Fuzz.require(guess == icuGuess, "fast path \(guess), ICU \(icuGuess)")
    }

    @Test func generatedTextsGiveTheSameWordsAndGuesses() async throws {
        let detector = try DetectorFixture.detector()
        let report = await Fuzz.check("fast path equals ICU path", cases: 5_000, input: Generator { rng in Self.text(&rng) }) { text in
            try Self.requireSamePaths(text, detector: detector)
        }
        #expect(report.passed)
    }

    @Test func generatedTextsReallyTakeTheFastPath() {
        // The property above would hold trivially if nothing took the fast path.
        #expect(TextAnalysis("Hola, ¿cómo estás? Necesito servicio mañana.").usedFastPath)
        #expect(TextAnalysis("Tiếng Việt: đặt lịch hẹn").usedFastPath)
        #expect(TextAnalysis("Здравствуйте, мне нужен мастер").usedFastPath)
        #expect(TextAnalysis("l’eau don't e.g U.S.A").usedFastPath)
        #expect(!TextAnalysis("abc123").usedFastPath)
        #expect(!TextAnalysis("snake_case").usedFastPath)
        #expect(!TextAnalysis("e\u{301}").usedFastPath)
        #expect(!TextAnalysis("日本語").usedFastPath)
        var rng = Fuzz.generator(property: "fast path share", case: 0)
        let taken = (0..<1_000).count { _ in TextAnalysis(Self.text(&rng)).usedFastPath }
        #expect(taken > 50)
    }

    @Test func everyFastPathLetterAloneAndInWordsMatchesICU() throws {
        let detector = try DetectorFixture.detector(["en", "es", "ru"])
        for range in LatinFold.ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let letter = String(Character(scalar))
                for text in [letter, "x\(letter)y", "\(letter)'\(letter)", "Ab.\(letter) \(letter)\(letter)", "\(letter)1", "\(letter)\u{301}"] {
                    try Self.requireSamePaths(text, detector: detector)
                }
            }
        }
    }

    @Test func developmentSetGivesTheSameWordsAndGuesses() throws {
        let contents = try String(contentsOf: DevelopmentSetTests.devSet, encoding: .utf8)
        let samples = try DetectionEvaluation.samples(fromTSV: contents)
        let detector = try DetectorFixture.detector()
        var fast = 0
        for sample in samples {
            try Self.requireSamePaths(sample.text, detector: detector)
            if TextAnalysis(sample.text).usedFastPath { fast += 1 }
        }
        // Most Latin and Cyrillic rows take the fast path.
        #expect(fast > samples.count / 2)
    }

    @Test func scalarClassTableMatchesUnicodeProperties() {
        var mismatches: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let blanked: Bool
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: blanked = true
            default: blanked = false
            }
            let flags = ScalarClass.flags(scalar)
            let letter = scalar.properties.isAlphabetic || scalar.properties.generalCategory.isMark
            if (flags & ScalarClass.blanked != 0) != blanked || (flags & ScalarClass.whitespace != 0) != scalar.properties.isWhitespace
                || (flags & ScalarClass.letter != 0) != letter {
                mismatches.append(String(value, radix: 16))
            }
        }
        #expect(mismatches.isEmpty)
        #expect(ScalarClass.flags("\u{3000}") & ScalarClass.whitespace != 0)
        #expect(ScalarClass.flags("\u{200B}") & ScalarClass.blanked != 0)
        #expect(ScalarClass.flags("é") == ScalarClass.letter)
        #expect(ScalarClass.flags("\u{301}") == ScalarClass.letter)
        #expect(ScalarClass.flags("!") == 0)
    }

    @Test func batchEqualsOneByOne() throws {
        let detector = try DetectorFixture.detector()
        var rng = Fuzz.generator(property: "batch", case: 0)
        let texts = (0..<500).map { _ in Self.text(&rng) } + ["Hola", "", "ok", "Здравствуйте", "你好，我需要服务"]
        let hint = DetectionHint(preferredLanguage: LanguageTag("es"), threadLanguages: [])
        #expect(detector.detect(texts) == texts.map { detector.detect($0) })
        #expect(detector.detect(texts, hint: hint) == texts.map { detector.detect($0, hint: hint) })
        #expect(detector.detect([String]()).isEmpty)
    }
}
