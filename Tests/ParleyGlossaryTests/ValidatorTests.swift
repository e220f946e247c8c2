import Foundation
import ParleyGlossary
import ParleyLanguage
import Testing

@Suite struct ValidatorTests {
    @Test func fixtureIsClean() {
        #expect(GlossaryValidator().issues(in: Fixtures.hvac).isEmpty)
    }

    @Test func missingAndDoublePreferredTerms() {
        var glossary = Fixtures.hvac
        glossary.concepts[1].terms[Fixtures.tag("es")] = [Term("bomba", status: .admitted)]
        glossary.concepts[2].terms[Fixtures.tag("en")] = [Term("air conditioner"), Term("AC unit")]
        let messages = GlossaryValidator().issues(in: glossary).map(\.description)
        #expect(messages.contains { $0.contains("concept 'hvac-pump'") && $0.contains("no preferred term in es") })
        #expect(messages.contains { $0.contains("term 'AC unit'") && $0.contains("2 preferred terms in en") })
    }

    @Test func duplicateAndConflictingTermsAreLocated() throws {
        var glossary = Fixtures.hvac
        glossary.concepts[0].terms[Fixtures.tag("es")]!.append(Term("bomba de calor", status: .admitted))
        glossary.concepts[1].terms[Fixtures.tag("en")]!.append(Term("Heat Pump", status: .admitted))
        let text = TBXWriter().write(glossary)
        let document = try TBXReader().read(Data(text.utf8), file: "hvac.tbx")
        let issues = GlossaryValidator().issues(in: document.glossary, file: "hvac.tbx", document: document)
        let duplicate = try #require(issues.first { $0.message.contains("duplicate term in es") })
        #expect(duplicate.term == "bomba de calor")
        #expect(duplicate.line.map { text.split(separator: "\n", omittingEmptySubsequences: false)[$0 - 1].contains("bomba de calor") } == true)
        let conflict = try #require(issues.first { $0.message.contains("conflicting term") })
        #expect(conflict.description.hasPrefix("hvac.tbx:"))
        #expect(conflict.concept == "hvac-pump")
        #expect(conflict.message.contains("also a term of concept 'hvac-heat-pump'"))
    }

    @Test func badIdsAndText() {
        let glossary = Glossary(industry: "HVAC!", concepts: [
            Concept(id: "Bad Id", terms: [Fixtures.tag("en"): [Term(" padded ")]]),
            Concept(id: "ok-id", terms: [Fixtures.tag("en"): [Term("two\nlines")]]),
            Concept(id: "ok-id", terms: [Fixtures.tag("en"): [Term("ok")]]),
        ])
        let messages = GlossaryValidator().issues(in: glossary).map(\.message)
        #expect(messages.contains { $0.contains("industry 'HVAC!'") })
        #expect(messages.contains("concept id must be lowercase letters, digits and hyphens"))
        #expect(messages.contains("the term has leading or trailing white space"))
        #expect(messages.contains { $0.contains("control characters") })
        #expect(messages.contains { $0.contains("duplicate concept id") })
    }
}
