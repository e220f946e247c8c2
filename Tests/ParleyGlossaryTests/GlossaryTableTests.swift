import Foundation
import ParleyGlossary
import ParleyLanguage
import Testing

@Suite struct GlossaryTableTests {
    let en = Fixtures.tag("en")
    let es = Fixtures.tag("es")

    @Test func pairExportIsDeepLShaped() {
        let csv = GlossaryTable.export(Fixtures.hvac, shape: .pair(source: en, target: es), format: .csv)
        #expect(csv == """
            heat pump,bomba de calor
            heat pumps,bomba de calor
            pump,bomba
            air conditioner,aire acondicionado
            AC,aire acondicionado
            annual service,servicio del año
            not cooling,no enfría

            """)
        let tsv = GlossaryTable.export(Fixtures.hvac, shape: .pair(source: es, target: en), format: .tsv)
        #expect(tsv.hasPrefix("bomba de calor\theat pump\nbombas de calor\theat pump\nbomba\tpump\n"))
        #expect(!tsv.contains("bomba del calor"))  // forbidden terms are never exported as sources
    }

    @Test(arguments: GlossaryTable.Format.allCases)
    func pairRoundTripsThroughImport(format: GlossaryTable.Format) throws {
        let shape = GlossaryTable.Shape.pair(source: en, target: es)
        let exported = GlossaryTable.export(Fixtures.hvac, shape: shape, format: format)
        // Into the same glossary: nothing changes.
        let table = try GlossaryTable.read(exported, file: "x", format: format, pair: (en, es))
        #expect(table.merged(into: Fixtures.hvac) == Fixtures.hvac)
        // Into an empty glossary: the same file comes out again.
        let rebuilt = table.merged(into: Glossary(industry: "hvac"))
        #expect(GlossaryTable.export(rebuilt, shape: shape, format: format) == exported)
        #expect(GlossaryValidator().issues(in: rebuilt).isEmpty)
    }

    @Test(arguments: GlossaryTable.Format.allCases)
    func equivalentSetsRoundTrip(format: GlossaryTable.Format) throws {
        let shape = GlossaryTable.Shape.equivalentSets(languages: [en, es, Fixtures.tag("zh-Hans")])
        let exported = GlossaryTable.export(Fixtures.hvac, shape: shape, format: format)
        let separator = format == .csv ? "," : "\t"
        #expect(exported.hasPrefix(["en", "es", "zh-Hans", "pos", "description"].joined(separator: separator) + "\n"))
        let table = try GlossaryTable.read(exported, file: "x", format: format)
        #expect(table.shape == shape)
        #expect(table.merged(into: Fixtures.hvac) == Fixtures.hvac)
        let rebuilt = table.merged(into: Glossary(industry: "hvac"))
        #expect(GlossaryTable.export(rebuilt, shape: shape, format: format) == exported)
    }

    @Test func formulaCellsAreNeutralizedAndRestored() throws {
        let glossary = Glossary(industry: "hvac", concepts: [
            Concept(id: "hvac-evil", terms: [en: [Term("=HYPERLINK(\"http://evil\",\"x\")")], es: [Term("+cmd|' /C calc'!A0")]]),
            Concept(id: "hvac-at", terms: [en: [Term("@SUM(A1)")], es: [Term("-2+3")]]),
        ])
        let csv = GlossaryTable.export(glossary, shape: .pair(source: en, target: es), format: .csv)
        for line in csv.split(separator: "\n") {
            let first = line.first { $0 != "\"" }
            #expect(first == "'", "unneutralized cell in: \(line)")
        }
        let table = try GlossaryTable.read(csv, file: "x.csv", format: .csv, pair: (en, es))
        #expect(table.merged(into: Glossary(industry: "hvac")).concepts.map { $0.preferredTerm(in: en)?.text }
                == ["=HYPERLINK(\"http://evil\",\"x\")", "@SUM(A1)"])
    }

    @Test func byteOrderMarkAndCRLFAreRead() throws {
        let table = try GlossaryTable.read("\u{FEFF}en,es\r\nfurnace,calefactor\r\n", file: "excel.csv", format: .csv)
        #expect(table.shape == .equivalentSets(languages: [en, es]))
        #expect(table.rows.count == 1)
        #expect {
            try GlossaryTable.read("en,es\n\"fur\r\nnace\",calefactor\n", file: "x.csv", format: .csv)
        } throws: { error in
            (error as? GlossaryError)?.description.contains("line break") == true
        }
    }

    @Test func pairFileWithoutLanguagesIsAClearError() {
        #expect {
            try GlossaryTable.read("furnace,calefactor\n", file: "deepl.csv", format: .csv)
        } throws: { error in
            (error as? GlossaryError)?.description.contains("deepl.csv:1: the first row is not a header of language codes") == true
        }
    }

    @Test func badRowsAreReportedByLine() {
        let text = "en,es\nfurnace,calefactor\nthermostat,termostato,extra\n"
        #expect {
            try GlossaryTable.read(text, file: "sets.csv", format: .csv)
        } throws: { error in
            (error as? GlossaryError)?.issues.first?.description == "sets.csv:3: 3 cells, but the header has 2"
        }
        #expect {
            try GlossaryTable.read("filter\n", file: "pairs.tsv", format: .tsv, pair: (en, es))
        } throws: { error in
            (error as? GlossaryError)?.issues.first?.line == 1
        }
    }

    @Test func newTermBecomesPreferredAndKeepsTheOldOneAdmitted() throws {
        let table = try GlossaryTable.read("heat pump,termobomba\n", file: "x", format: .csv, pair: (en, es))
        let merged = table.merged(into: Fixtures.hvac)
        let terms = try #require(merged[conceptID: "hvac-heat-pump"]?.terms[es])
        #expect(terms.first { $0.status == .preferred }?.text == "termobomba")
        #expect(terms.first { $0.text == "bomba de calor" }?.status == .admitted)
        #expect(GlossaryDiff(from: Fixtures.hvac, to: merged).changes == [
            "hvac-heat-pump: es: 'bomba de calor' preferred → admitted",
            "hvac-heat-pump: es: added 'termobomba' (preferred)",
        ])
    }
}
