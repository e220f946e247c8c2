import Foundation
import ParleyGlossary
import ParleyLanguage
import Testing

@Suite struct GlossaryMatcherTests {
    let spanish = GlossaryMatcher(glossaries: [Fixtures.hvac, Fixtures.doNotTranslate], language: Fixtures.tag("es"))
    let english = GlossaryMatcher(glossaries: [Fixtures.hvac, Fixtures.doNotTranslate], language: Fixtures.tag("en"))

    @Test func longestTermWinsWithExactSpans() throws {
        let text = "Mi bomba de calor no enfría, y la bomba hace ruido"
        let matches = spanish.matches(in: text)
        #expect(matches.map(\.text) == ["bomba de calor", "no enfría", "bomba"])
        #expect(matches.map(\.concept.id) == ["hvac-heat-pump", "hvac-not-cooling", "hvac-pump"])
        #expect(text[matches[0].range] == "bomba de calor")
        #expect(matches[0].utf16Range == 3..<17)
        #expect(matches[0].equivalent(in: Fixtures.tag("en"))?.text == "heat pump")
    }

    @Test func caseAndAccentsAreIgnoredByDefault() {
        let matches = spanish.matches(in: "MI BOMBA DE CALOR NO ENFRIA")
        #expect(matches.map(\.concept.id) == ["hvac-heat-pump", "hvac-not-cooling"])
        #expect(matches.map(\.text) == ["BOMBA DE CALOR", "NO ENFRIA"])
    }

    @Test func termsThatAskForAccentsOrCaseGetThem() {
        #expect(spanish.matches(in: "el servicio del año").map(\.concept.id) == ["hvac-year-service"])
        #expect(spanish.matches(in: "el servicio del ano").isEmpty)
        #expect(english.matches(in: "My AC is broken").map(\.concept.id) == ["hvac-air-conditioner"])
        #expect(english.matches(in: "call me ac").isEmpty)
    }

    @Test func onlyWholeWordsMatch() {
        #expect(english.matches(in: "pumpkin spice and bombastic pumps").isEmpty)
        #expect(english.matches(in: "heat-pump repair").map(\.concept.id) == ["hvac-heat-pump"])
    }

    @Test func termsWithPunctuationMatchTheSamePunctuation() {
        let glossary = Glossary(industry: "hvac", concepts: [
            Concept(id: "hvac-two-stage", terms: [Fixtures.tag("en"): [Term("heat pump, 2-stage")]]),
            Concept(id: "hvac-pump", terms: [Fixtures.tag("en"): [Term("pump")]]),
        ])
        let matcher = GlossaryMatcher(glossaries: [glossary], language: Fixtures.tag("en"))
        #expect(matcher.matches(in: "We install the heat pump, 2-stage model").map(\.concept.id) == ["hvac-two-stage"])
        #expect(matcher.matches(in: "heat pump 2 stage").map(\.concept.id) == ["hvac-pump"])
        #expect(matcher.matches(in: "the heat. Pump, 2-stage").map(\.concept.id) == ["hvac-pump"])
    }

    @Test func termsDoNotSpanSentences() {
        let matches = english.matches(in: "Turn up the heat. Pump is fine")
        #expect(matches.map(\.concept.id) == ["hvac-pump"])
    }

    @Test func pluralVariantsAndForbiddenTermsAreRecognised() {
        let matches = spanish.matches(in: "Revisamos dos bombas de calor; no escriba bomba del calor")
        #expect(matches.map(\.term.text) == ["bombas de calor", "bomba del calor"])
        #expect(matches.map(\.term.status) == [.admitted, .forbidden])
        #expect(matches.allSatisfy { $0.concept.id == "hvac-heat-pump" })
    }

    @Test func chineseMatchesWithoutSpaces() {
        let chinese = GlossaryMatcher(glossaries: [Fixtures.hvac], language: Fixtures.tag("zh-Hans"))
        let matches = chinese.matches(in: "我家的热泵和空调都坏了")
        #expect(matches.map(\.text) == ["热泵", "空调"])
        #expect(matches.map { $0.equivalent(in: Fixtures.tag("en"))?.text } == ["heat pump", "air conditioner"])
    }

    @Test func doNotTranslateTermsMatchInEveryLanguage() {
        let matches = spanish.matches(in: "OTTO dice que Otto no vino")
        #expect(matches.count == 1)
        #expect(matches[0].isDoNotTranslate)
        #expect(matches[0].equivalent(in: Fixtures.tag("fr"))?.text == "OTTO")
    }

    @Test func englishReplyListsTargetTerms() {
        let matches = english.matches(in: "We will service your heat pump and air conditioner today.")
        #expect(matches.compactMap { $0.equivalent(in: Fixtures.tag("es"))?.text } == ["bomba de calor", "aire acondicionado"])
    }

    @Test func emptyAndHostileTextGiveNoMatches() {
        #expect(spanish.matches(in: "").isEmpty)
        #expect(spanish.matches(in: "👍🏽 \u{202E}\u{0}").isEmpty)
        let long = String(repeating: "bomba ", count: 20_000)
        #expect(spanish.matches(in: long).count == 20_000)
    }

    @Test func versionsAreExposedForCacheKeys() {
        #expect(spanish.versions["hvac"] == Fixtures.hvac.version)
        #expect(spanish.versions["do-not-translate"] == Fixtures.doNotTranslate.version)
    }
}
