import Foundation
import Testing

@testable import ParleyLanguage

/// Accuracy on shared/eval/langid-dev.tsv (beside the checkout), the bar the issue sets:
/// macro average ≥ 95 over all languages, and ≥ 88 on texts of 20 characters or fewer.
@Suite struct DevelopmentSetTests {
    static let devSet = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/eval/langid-dev.tsv").standardizedFileURL

    @Test func accuracyOnTheDevelopmentSet() throws {
        let contents = try String(contentsOf: Self.devSet, encoding: .utf8)
        let samples = try DetectionEvaluation.samples(fromTSV: contents)
        #expect(samples.count == 2_276)
        let evaluation = DetectionEvaluation(samples: samples, detector: try DetectorFixture.detector())
        #expect(evaluation.byLanguage.count == 20)
        #expect(evaluation.macroAverage >= 95)
        #expect(try #require(evaluation.macroAverage(.short)) >= 88)
        #expect(evaluation.calibrationError < 5)
    }

    @Test func crlfFilesAreRead() throws {
        let samples = try DetectionEvaluation.samples(fromTSV: "lang\ttext\r\nes\tHola\r\nen\tHello there\r\n")
        #expect(samples.map(\.text) == ["Hola", "Hello there"])
    }

    @Test func malformedRowsNameTheLine() {
        #expect {
            try DetectionEvaluation.samples(fromTSV: "lang\ttext\nes\tHola\nno tab here\n")
        } throws: { error in
            (error as? LanguageDetectionError)?.message.hasPrefix("line 3:") == true
        }
    }
}
