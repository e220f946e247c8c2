import Foundation
import Testing

@testable import ParleyLanguage

/// The system ICU (through CICU) and Foundation's own ICU live in the same test binary.
@Suite struct ICUTests {
    @Test func systemICUIsVersion72() {
        #expect(ICU.version.hasPrefix("72."))
    }

    @Test func foundationStillWorksBesideSystemICU() {
        // Foundation's case mapping, formatting and its own ICU-backed APIs keep working.
        #expect("STRASSE".lowercased() == "strasse")
        #expect("ß".uppercased() == "SS")
        let formatted = String(format: "%.2f", 3.14159)
        #expect(formatted == "3.14")
        #expect(Locale(identifier: "es_MX").language.languageCode?.identifier == "es")
    }

    @Test(arguments: [
        ("a", Script.latin), ("я", .cyrillic), ("ب", .arabic), ("ह", .devanagari), ("中", .han),
        ("か", .hiragana), ("カ", .katakana), ("한", .hangul), ("አ", .ethiopic), ("α", .greek), ("1", .common),
    ] as [(Unicode.Scalar, Script)])
    func scriptOfScalar(scalar: Unicode.Scalar, script: Script) {
        #expect(Script(of: scalar) == script)
    }

    @Test func nfkcCaseFolding() {
        #expect(ICU.nfkcCaseFolded("ﬁ ① Ｈｅｌｌｏ ÉCOLE") == "fi 1 hello école")
        #expect(ICU.nfkcCaseFolded("") == "")
    }

    @Test func nfcComposes() {
        #expect(ICU.nfc("e\u{301}") == "é")
    }

    @Test func englishWordSegments() {
        let words = ICU.wordSegments(in: "Don't call 555-1234, ok?").filter { $0.kind != .other }
        #expect(words.map(\.text) == ["Don't", "call", "555", "1234", "ok"])
        #expect(words.map(\.kind) == [.letters, .letters, .number, .number, .letters])
    }

    @Test func japaneseDictionarySegments() {
        let words = ICU.wordSegments(in: "東京でサービスが必要です").map(\.text)
        #expect(words == ["東京", "で", "サービス", "が", "必要", "です"])
    }

    @Test func transliterationBetweenChineseScripts() {
        #expect(ICU.transliterate("謝謝你", transform: "Hant-Hans") == "谢谢你")
        #expect(ICU.transliterate("谢谢你", transform: "Hans-Hant") == "謝謝你")
        #expect(ICU.transliterate("x", transform: "No-Such-Transform") == nil)
    }

    @Test func languageTags() {
        #expect(ICU.canonicalLanguageTag("ES_mx") == "es-MX")
        #expect(ICU.maximizedLanguageTag("zh-TW") == "zh-Hant-TW")
        #expect(ICU.canonicalLanguageTag("not a tag!") == nil)
        #expect(LanguageTag("pt_BR")?.identifier == "pt-BR")
    }
}
