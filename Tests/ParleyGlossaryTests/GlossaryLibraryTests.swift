import Foundation
import ParleyGlossary
import ParleyLanguage
import Testing

@Suite struct GlossaryLibraryTests {
    @Test func savingRecordsWhoWhenAndWhat() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let library = GlossaryLibrary(directory: directory)
        let first = try #require(try library.save(Fixtures.hvac, by: "ana@example.com", action: "create",
                                                  at: Date(timeIntervalSince1970: 1_800_000_000)))
        #expect(first.from == nil)
        #expect(first.to == Fixtures.hvac.version)
        #expect(first.changes.count == 5)

        // The same content again: no new version, nothing logged.
        #expect(try library.save(Fixtures.hvac, by: "ana@example.com", action: "edit") == nil)

        var edited = try library.load("hvac")
        edited.concepts[1].terms[Fixtures.tag("fr")] = [Term("pompe")]
        let second = try #require(try library.save(edited, by: "li@example.com", action: "edit"))
        #expect(second.from == Fixtures.hvac.version)
        #expect(second.to == edited.version)
        #expect(second.changes == ["hvac-pump: fr: added 'pompe' (preferred)"])

        let log = try library.changeLog(for: "hvac").entries()
        #expect(log.map(\.by) == ["ana@example.com", "li@example.com"])
        #expect(log[0].at == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(try library.load("hvac") == edited)
        #expect(try library.industries() == ["hvac"])
    }

    @Test func invalidGlossaryIsNotSaved() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var broken = Fixtures.hvac
        broken.concepts[0].terms[Fixtures.tag("es")] = [Term("bomba", status: .admitted)]
        #expect(throws: GlossaryError.self) {
            try GlossaryLibrary(directory: directory).save(broken, by: "x", action: "edit")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("hvac.tbx").path))
    }

    @Test func unknownIndustryNamesTheKnownOnes() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let library = GlossaryLibrary(directory: directory)
        try library.save(Fixtures.hvac, by: "x", action: "create")
        #expect {
            try library.load("plumbing")
        } throws: { error in
            (error as? GlossaryError)?.description.contains("no glossary for industry 'plumbing'; known: hvac") == true
        }
        #expect(throws: GlossaryError.self) { try library.load("../etc/passwd") }
    }
}
