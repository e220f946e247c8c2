import Foundation
import ParleyGlossary
import ParleyLanguage
import Testing

/// The import and export shared by the CLI and the admin API.
struct GlossaryImporterTests {
    @Test func aTBXFileCopiesIntoAnotherIndustryOnlyWhenAllowed() throws {
        let tbx = Data(GlossaryExporter(format: .tbx).write(Fixtures.hvac).utf8)
        let target = Glossary(industry: "hvac-copy")
        #expect(throws: GlossaryError.self) {
            try GlossaryImporter(format: .tbx).apply(tbx, file: "hvac.tbx", to: target)
        }
        let copy = try GlossaryImporter(format: .tbx, acceptsOtherSubjectField: true).apply(tbx, file: "hvac.tbx", to: target)
        #expect(copy.industry == "hvac-copy")
        #expect(copy.concepts == Fixtures.hvac.concepts)
    }

    @Test func mergeKeepsTheRestAndReplaceDropsIt() throws {
        let csv = Data("en,es\nthermostat,termostato\nheat pump,bomba de calor\n".utf8)
        let merged = try GlossaryImporter(format: .csv).apply(csv, file: "extra.csv", to: Fixtures.hvac)
        let mergedDiff = GlossaryDiff(from: Fixtures.hvac, to: merged)
        #expect(mergedDiff.addedConcepts == ["hvac-thermostat"])
        #expect(mergedDiff.changedConcepts.isEmpty)
        #expect(mergedDiff.removedConcepts.isEmpty)

        let replaced = try GlossaryImporter(format: .csv, mode: .replace).apply(csv, file: "extra.csv", to: Fixtures.hvac)
        let replacedDiff = GlossaryDiff(from: Fixtures.hvac, to: replaced)
        #expect(replaced.concepts.map(\.id) == ["hvac-thermostat", "hvac-heat-pump"])
        #expect(replacedDiff.addedConcepts == ["hvac-thermostat"])
        #expect(replacedDiff.changedConcepts == ["hvac-heat-pump"])
        #expect(replacedDiff.removedConcepts == ["hvac-pump", "hvac-air-conditioner", "hvac-year-service", "hvac-not-cooling"])
    }

    @Test func aBadRowIsReportedByLine() throws {
        let csv = Data("en,es,pos\nthermostat,termostato,noun\nvent,rejilla,nounish\n".utf8)
        do throws(GlossaryError) {
            _ = try GlossaryImporter(format: .csv).apply(csv, file: "extra.csv", to: Fixtures.hvac)
            Issue.record("the bad row was accepted")
        } catch {
            #expect(error.issues.map(\.line) == [3])
        }
    }

    @Test func tablesExportEveryLanguageOrAPair() {
        let sets = GlossaryExporter(format: .csv).write(Fixtures.hvac)
        #expect(sets.hasPrefix("en,es,zh-Hans,pos,description\n"))
        let pairs = GlossaryExporter(format: .tsv, pair: (Fixtures.tag("en"), Fixtures.tag("es"))).write(Fixtures.hvac)
        #expect(pairs.contains("heat pump\tbomba de calor\n"))
        #expect(pairs.contains("heat pumps\tbomba de calor\n"))
    }
}
