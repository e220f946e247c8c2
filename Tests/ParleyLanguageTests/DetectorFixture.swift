@testable import ParleyLanguage

/// The bundled model loads once per test process; detectors are cheap values over it.
enum DetectorFixture {
    static func detector(_ candidates: [String]? = nil) throws -> LanguageDetector {
        try LanguageDetector(candidates: candidates.map { $0.compactMap(LanguageTag.init) })
    }

    static func tag(_ text: String) -> LanguageTag { LanguageTag(text)! }
}
