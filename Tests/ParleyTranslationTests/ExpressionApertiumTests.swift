import Foundation
import ParleyLanguage
import ParleyTranslation
import Testing

/// Times, dates, durations and acronyms through the real Apertium APy: protected, then restored in
/// Spanish conventions instead of being translated word by word ("8:30 AM" once came back as
/// "8:30 SOY", "AM" read as "I am").
@Suite(.serialized) struct ExpressionApertiumTests {
    let en = PipelineFixture.en
    let es = PipelineFixture.es

    func translated(_ text: String) async throws -> TranslationResult {
        let pipeline = PipelineFixture.pipeline(try PipelineFixture.apertium(), backTranslation: false)
        let result = await pipeline.translate(text, from: en, to: es)
        print("[expressions/apertium] \(text) → \(result.text)")
        return result
    }

    @Test func timesComeBackInSpanishConventions() async throws {
        let morning = try await translated("See you at 8:30 AM.")
        #expect(morning.status == .translated, "\(morning.problems)")
        #expect(morning.text.hasSuffix("8:30 a. m."))  // one period: the abbreviation's
        #expect(!morning.text.contains("SOY"))

        let window = try await translated("The technician comes between 2 and 4 pm.")
        #expect(window.status == .translated, "\(window.problems)")
        #expect(window.text.hasSuffix("2 y 4 p. m."))
        #expect(!window.text.contains("*pm") && !window.text.contains("*"))
    }

    @Test func datesDurationsAndCodesSurvive() async throws {
        let result = try await translated(
            "Your HVAC visit is on Tuesday, March 5 and takes 2 hours. Model XR16, order #4512, set it to 72°F.")
        #expect(result.status == .translated, "\(result.problems)")
        for expected in ["martes, 5 de marzo", "2 horas", "HVAC", "XR16", "#4512", "72°F"] {
            #expect(result.text.contains(expected), "\(expected) is missing from \(result.text)")
        }
        #expect(!result.text.contains("*"))
    }
}
