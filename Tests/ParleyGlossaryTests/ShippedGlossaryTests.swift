import Foundation
import ParleyGlossary
import ParleyLanguage
import Testing

/// The glossaries Parley ships in `glossaries/`: every file clean, every industry complete enough.
@Suite struct ShippedGlossaryTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("glossaries")
    static let industries = [
        "hvac", "plumbing", "electrical", "roofing", "pest-control", "auto-repair", "real-estate", "legal",
        "dental-medical", "insurance",
    ]
    static let languages = ["en", "es", "zh-Hans", "vi", "tl", "ko", "ru", "ar", "ht", "pt", "fr"]

    @Test(arguments: industries)
    func industryGlossaryIsCompleteAndClean(industry: String) throws {
        let glossary = try GlossaryLibrary(directory: Self.directory).load(industry)
        #expect(glossary.industry == industry)
        #expect(glossary.concepts.count >= 40)
        let english = LanguageTag("en")!
        let spanish = LanguageTag("es")!
        for concept in glossary.concepts {
            #expect(concept.preferredTerm(in: english) != nil, "\(concept.id) has no English term")
            #expect(concept.preferredTerm(in: spanish) != nil, "\(concept.id) has no Spanish term")
        }
        let languages = Set(glossary.languages.map(\.identifier))
        #expect(languages == Set(Self.languages))
        #expect(glossary.concepts.contains { $0.terms.values.joined().contains { $0.status == .forbidden } })
        #expect(glossary.concepts.contains { $0.terms.values.joined().contains(where: \.variant) })
        #expect(glossary.concepts.allSatisfy { $0.partOfSpeech != nil })
        // The file on disk is exactly what Parley's writer makes of it (admins' edits go through Parley).
        let onDisk = try String(contentsOf: GlossaryLibrary(directory: Self.directory).file(for: industry), encoding: .utf8)
        #expect(onDisk == TBXWriter().write(glossary))
    }

    @Test func doNotTranslateListHasOTTO() throws {
        let library = GlossaryLibrary(directory: Self.directory)
        let list = try library.load(GlossaryLibrary.doNotTranslate)
        #expect(list.concepts.allSatisfy { $0.doNotTranslate })
        let matcher = try library.matcher(industry: "hvac", language: LanguageTag("es")!)
        let matches = matcher.matches(in: "OTTO me dijo que su bomba de calor Carrier no enfría")
        #expect(matches.map(\.text) == ["OTTO", "bomba de calor", "Carrier", "no enfría"])
        #expect(matches.map(\.isDoNotTranslate) == [true, false, true, false])
    }

    @Test func everyIndustryHasAChangeLog() throws {
        let library = GlossaryLibrary(directory: Self.directory)
        for industry in Self.industries + [GlossaryLibrary.doNotTranslate] {
            let log = try library.changeLog(for: industry).entries()
            #expect(!log.isEmpty, "\(industry) has no change log")
            #expect(log.last?.to == (try library.load(industry)).version, "\(industry): the log's last version is not the file's")
        }
    }
}
