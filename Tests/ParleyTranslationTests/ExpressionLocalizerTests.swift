import Foundation
import ParleyLanguage
import ParleyTranslation
import Testing

/// English times, dates and durations rendered in other languages through the system ICU, what is
/// kept as written, and how the pipeline uses them (with a backend that returns its input).
@Suite struct ExpressionLocalizerTests {
    static let en = LanguageTag("en")!

    func localized(_ text: String, _ kind: ProtectedText.Span.Kind, to target: String) throws -> String? {
        let tag = try #require(LanguageTag(target))
        let localizer = try #require(ExpressionLocalizer(from: Self.en, to: tag))
        return localizer.localized(text, as: kind)
    }

    @Test(arguments: [
        ("8:30 AM", "es", "8:30 a. m."), ("8:30am", "es", "8:30 a. m."), ("4 pm", "es", "4 p. m."),
        ("3 p.m.", "es", "3 p. m."), ("10:00 a.m.", "es", "10:00 a. m."), ("12 AM", "es", "12 a. m."),
        ("8:30 AM", "fr", "08:30"), ("4 pm", "fr", "16:00"), ("8:30 PM", "de", "20:30"),
        ("8:30 AM", "zh", "上午8:30"), ("8:30 PM", "pt-BR", "20:30"), ("14:30", "es", "14:30"), ("08:30", "de", "08:30"),
    ])
    func times(text: String, target: String, expected: String) throws {
        #expect(try localized(text, .time, to: target) == expected)
    }

    @Test(arguments: [
        ("March 5", "es", "5 de marzo"), ("Tuesday, March 5", "es", "martes, 5 de marzo"),
        ("Tue, Mar 5th", "es", "mar, 5 mar"), ("5 March", "fr", "5 mars"), ("March 5", "de", "5. März"),
        ("March 5", "zh", "3月5日"), ("March 5", "pt", "5 de março"), ("3/15", "es", "15/3"), ("3/15", "de", "15.3."),
        ("3/15/2026", "es", "15/3/2026"), ("2026-03-15", "fr", "15/03/2026"), ("March 5, 2026", "es", "5 de marzo de 2026"),
        ("Thursday, March 5, 2026", "es", "jueves, 5 de marzo de 2026"), ("Feb 29", "es", "29 feb"),
    ])
    func dates(text: String, target: String, expected: String) throws {
        #expect(try localized(text, .date, to: target) == expected)
    }

    @Test(arguments: [
        ("2 hours", "es", "2 horas"), ("30 min", "es", "30 minutos"), ("45 minutes", "fr", "45 minutes"),
        ("1.5 hrs", "es", "1,5 horas"), ("2-3 days", "es", "2-3 días"), ("1 day", "de", "1 Tag"),
        ("2 hours", "zh", "2小时"), ("10 years", "pt", "10 anos"), ("3 to 5 weeks", "es", "3–5 semanas"), ("2 To 3 hours", "es", "2–3 horas"),
    ])
    func durations(text: String, target: String, expected: String) throws {
        #expect(try localized(text, .duration, to: target) == expected)
    }

    @Test(arguments: [
        ("68 degrees", "es", "68 grados Fahrenheit"), ("50 gallons", "es", "50 galones"), ("5 lbs", "es", "5 libras"),
        ("3 inches", "es", "3 pulgadas"), ("12 feet", "pt", "12 pés"), ("200 square feet", "es", "200 pies cuadrados"),
    ])
    func spelledOutUnits(text: String, target: String, expected: String) throws {
        #expect(try localized(text, .measure, to: target) == expected)
    }

    @Test(arguments: [
        ("10:30", ProtectedText.Span.Kind.time),  // AM or PM? kept
        ("8-10am", .time),  // a range is kept as written
        ("Friday, March 5, 2026", .date),  // March 5, 2026 is a Thursday: the writer's weekday is not corrected
        ("Feb 30", .date), ("13/45", .date), ("Tuesday, March 5, 9223372036854775807", .date), ("March 5, 0", .date), ("2 fortnights", .duration),
        ("72°F", .measure), ("20%", .measure), ("16 SEER", .measure), ("4.5 stars", .measure), ("XR16", .code), ("HVAC", .acronym), ("123 Main St", .address),
    ])
    func unreadableOrOtherKindsAreKept(text: String, kind: ProtectedText.Span.Kind) throws {
        #expect(try localized(text, kind, to: "es") == nil)
    }

    @Test func onlyEnglishToAnotherLanguageIsLocalised() throws {
        let es = try #require(LanguageTag("es"))
        #expect(ExpressionLocalizer(from: Self.en, to: Self.en) == nil)
        let british = try #require(LanguageTag("en-GB"))
        #expect(ExpressionLocalizer(from: Self.en, to: british) == nil)
        #expect(ExpressionLocalizer(from: es, to: Self.en) == nil)
        // A language ICU has no data for: kept as written.
        #expect(try localized("8:30 AM", .time, to: "tlh") == nil)
    }

    @Test func icuWrappersRefuseWhatTheyCannotFormat() {
        #expect(ICU.formattedTime(hour: 24, minute: 0, twelveHour: false, language: "es") == nil)
        #expect(ICU.formattedDate(skeleton: "MMMMd", year: 2026, month: 13, day: 1, language: "es") == nil)
        #expect(ICU.formattedDate(skeleton: "MMMMd", year: 2026, month: 3, day: 5, language: "") == nil)
        #expect(ICU.formattedNumber(2, skeleton: "not a skeleton", language: "es") == nil)
        #expect(ICU.formattedNumber(2, skeleton: "measure-unit/duration-hour unit-width-full-name", language: "es") == "2 horas")
    }

    // MARK: - Through the pipeline

    /// Returns every text unchanged: what the pipeline restores is then exactly its own work.
    struct EchoBackend: TranslationBackend {
        var name: String { "echo" }
        var identity: String { "echo/1" }
        func translate(
            _ texts: [String], from source: LanguageTag, to target: LanguageTag, options: TranslationOptions
        ) async throws(TranslationError) -> [String] { texts }
        func supportedPairs() async throws(TranslationError) -> [LanguagePair] { [] }
        func health() async -> BackendHealth { BackendHealth(isHealthy: true, detail: "echo") }
    }

    func makePipeline() throws -> TranslationPipeline {
        TranslationPipeline(backend: EchoBackend(), detector: PipelineFixture.detector, glossary: PipelineFixture.hvac, cache: nil)
    }

    @Test func timesDatesAndDurationsComeBackLocalisedOthersByteExact() async throws {
        let es = try #require(LanguageTag("es"))
        let pipeline = try makePipeline()
        let result = await pipeline.translate(
            "See you Tuesday, March 5 at 8:30 AM for about 2 hours. Model XR16, 72°F.", from: Self.en, to: es)
        #expect(result.status == .translated, "\(result.problems)")
        #expect(result.text == "See you martes, 5 de marzo at 8:30 a. m. for about 2 horas. Model XR16, 72°F.")
        let english = await pipeline.translate("See you at 8:30 AM", from: Self.en, to: Self.en)
        #expect(english.text == "See you at 8:30 AM")
    }

    @Test func aLocalisedAbbreviationTakesTheSentencesPeriod() async throws {
        let es = try #require(LanguageTag("es"))
        let pipeline = try makePipeline()
        #expect(await pipeline.translate("See you at 8:30 AM.", from: Self.en, to: es).text == "See you at 8:30 a. m.")
        #expect(await pipeline.translate("See you at 8:30 AM...", from: Self.en, to: es).text == "See you at 8:30 a. m....")
        #expect(await pipeline.translate("See you on March 5.", from: Self.en, to: es).text == "See you on 5 de marzo.")
    }

    @Test func aMessageOfOnlyATimeIsLocalisedWithoutTheBackend() async throws {
        let es = try #require(LanguageTag("es"))
        let pipeline = try makePipeline()
        let result = await pipeline.translate("3pm 👍", from: Self.en, to: es)
        #expect(result.text == "3 p. m. 👍")
        #expect(result.provenance.origin == .glossary)
    }

    @Test(arguments: [
        ("AC is out", "Aire acondicionado is out"),
        ("The AC is out", "The aire acondicionado is out"),
        ("Fixed. AC works now", "Fixed. Aire acondicionado works now"),
        ("the ac is out", "the aire acondicionado is out"),
        ("Your Air Conditioner is ready", "Your aire acondicionado is ready"),
    ])
    func glossaryTermsKeepTheTargetTermsCase(text: String, expected: String) async throws {
        let es = try #require(LanguageTag("es"))
        let pipeline = try makePipeline()
        let result = await pipeline.translate(text, from: Self.en, to: es)
        #expect(result.text == expected)
    }
}
