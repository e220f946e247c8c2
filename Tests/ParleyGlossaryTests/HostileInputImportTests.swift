import Foundation
import ParleyGlossary
import ParleyLanguage
import ParleyTesting
import PropertyBased
import Testing

/// Hostile glossary files (TBX, CSV, TSV) through `GlossaryImporter` and `GlossaryLibrary`:
/// mutated exports, entity bombs, external entities, deep nesting, giant fields, invalid UTF-8,
/// unbalanced quotes, language codes that are not BCP 47. Each file either imports into a valid
/// glossary or is refused with issues that name the file and where in it (line, concept or term)
/// and what is wrong; a refused file leaves the glossary on disk byte for byte as it was, and
/// nothing ever crashes or hangs. Seeded (see ``Fuzz``): PARLEY_FUZZ_SEED, PARLEY_FUZZ_ITERATIONS.
@Suite struct HostileInputImportTests {
    /// A folder with the fixture's HVAC glossary saved in it, removed afterwards.
    static func withLibrary(_ body: (GlossaryLibrary) async throws -> Void) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = GlossaryLibrary(directory: folder)
        try library.save(Fixtures.hvac, by: "fuzz@example.com", action: "seed")
        try await body(library)
    }

    // MARK: - Findings, kept as regression tests

    /// Found by fuzzing (seed 20261124, 'tbx import' case 31, run on the reader as it was): bytes
    /// that are not UTF-8 in an element name (`<descri\xB7\xDEp …>`) crashed the whole process —
    /// Foundation's XMLParser traps on such a name — so one uploaded file took the service down.
    /// The file is refused before parsing, with the line of the first bad byte.
    @Test func invalidUTF8InAnElementNameIsRefusedNotACrash() throws {
        // The exact case: the do-not-translate export with two bytes swapped and two bytes spliced in.
        let exported = TBXWriter().write(Fixtures.doNotTranslate).replacingOccurrences(of: "style=", with: "styte=")
        let parts = exported.components(separatedBy: #"<descrip type="subjectField">do-not-translate</descrip>"#)
        try #require(parts.count == 2)
        let file = Array(parts[0].utf8) + Array("<descri".utf8) + [0xB7, 0xDE]
            + Array(#"p type="subjectField">do-not-lranslate</descrip>"#.utf8) + Array(parts[1].utf8)
        let minimal: [UInt8] = Array("<tbx><a".utf8) + [0xFF] + Array("/></tbx>".utf8)
        for (bytes, line) in [(file, 16), (minimal, 1)] {
            #expect {
                try TBXReader().read(Data(bytes), file: "bad.tbx", industry: "do-not-translate")
            } throws: { error in
                let issue = (error as? GlossaryError)?.issues.first
                return issue?.line == line && issue?.message.contains("not UTF-8 text") == true
            }
        }
    }

    /// Found by review while fuzzing: the DTD check read the bytes as UTF-8, but libxml2 decodes
    /// what the XML declaration names, so `+ADwAIQ-DOCTYPE` in UTF-7 was a DTD the check never saw.
    /// Its entities then expanded: a 106 KB file made 200 MB of attribute text and took 10 s.
    @Test func aUTF7DeclarationCannotSmuggleInADTD() throws {
        let file = #"<?xml version="1.0" encoding="UTF-7"?>+ADwAIQ-DOCTYPE t +AFsAPAAh-ENTITY a +ACI-xxxxxxxxxx+ACIAPgBdAD4-"#
            + #"<tbx><text><body><conceptEntry id="&a;&a;"/></body></text></tbx>"#
        #expect {
            try TBXReader().read(Fixtures.data(file), file: "utf7.tbx", industry: "hvac")
        } throws: { error in
            let issue = (error as? GlossaryError)?.issues.first
            return issue?.line == 1 && issue?.message.contains("names encoding 'UTF-7'; only UTF-8 is read") == true
        }
    }

    /// The same in EBCDIC (IBM037), which libxml2 recognizes by its first bytes:
    /// `<?xml version="1.0" encoding="IBM037"?><!DOCTYPE t [<!ENTITY a "x">]><t>&a;</t>`.
    @Test func anEBCDICFileCannotSmuggleInADTD() throws {
        let ebcdic: [UInt8] = [
            0x4C, 0x6F, 0xA7, 0x94, 0x93, 0x40, 0xA5, 0x85, 0x99, 0xA2, 0x89, 0x96, 0x95, 0x7E, 0x7F, 0xF1, 0x4B, 0xF0, 0x7F, 0x40,
            0x85, 0x95, 0x83, 0x96, 0x84, 0x89, 0x95, 0x87, 0x7E, 0x7F, 0xC9, 0xC2, 0xD4, 0xF0, 0xF3, 0xF7, 0x7F, 0x6F, 0x6E, 0x4C,
            0x5A, 0xC4, 0xD6, 0xC3, 0xE3, 0xE8, 0xD7, 0xC5, 0x40, 0xA3, 0x40, 0xBA, 0x4C, 0x5A, 0xC5, 0xD5, 0xE3, 0xC9, 0xE3, 0xE8,
            0x40, 0x81, 0x40, 0x7F, 0xA7, 0x7F, 0x6E, 0xBB, 0x6E, 0x4C, 0xA3, 0x6E, 0x50, 0x81, 0x5E, 0x4C, 0x61, 0xA3, 0x6E,
        ]
        #expect {
            try TBXReader().read(Data(ebcdic), file: "ebcdic.tbx", industry: "hvac")
        } throws: { error in
            let issue = (error as? GlossaryError)?.issues.first
            return issue?.line == 1 && issue?.message.contains("not UTF-8 text") == true
        }
    }

    @Test func aLatin1DeclarationIsRefusedAndUTF8OnesAreRead() throws {
        let body = #"<tbx><text><body><conceptEntry id="hvac-filter"><langSec xml:lang="en"><termSec><term>filter</term>"#
            + #"<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec></conceptEntry></body></text></tbx>"#
        #expect(throws: GlossaryError.self) {
            try TBXReader().read(Fixtures.data(#"<?xml version="1.0" encoding="ISO-8859-1"?>"# + body), file: "latin1.tbx", industry: "hvac")
        }
        for declaration in [#"<?xml version="1.0" encoding="utf-8"?>"#, "\u{FEFF}<?xml version='1.0' encoding = 'UTF-8' ?>", "<?xml version=\"1.0\"?>", ""] {
            let read = try TBXReader().read(Fixtures.data(declaration + body), file: "x.tbx", industry: "hvac")
            #expect(read.glossary.concepts.map(\.id) == ["hvac-filter"])
        }
    }

    /// Found by fuzzing (seed 20261124, 'csv import' case 180): a term with U+FFFF imported from a
    /// CSV file and was saved, but XML cannot hold U+FFFF, so the saved glossary no longer read.
    @Test func aTermWithUFFFFIsRefusedInsteadOfCorruptingTheGlossaryFile() async throws {
        let csv: [UInt8] = Array("'; DROP TABLE messages; --\u{FEFF}en,fr\r\nfilter,filtr".utf8) + [0xEF, 0xBF, 0xBF] + Array("e\r\n".utf8)
        try await Self.withLibrary { library in
            let importer = GlossaryImporter(format: .csv, pair: (Fixtures.tag("en"), Fixtures.tag("es")))
            let imported = try importer.apply(Data(csv), file: "fuzz.csv", to: try library.load("hvac"))
            try Self.expectRefusedAndUntouched(imported, in: library, term: "filtr\u{FFFF}e", message: "U+FFFE or U+FFFF")
        }
    }

    /// Found by review while fixing the above: definitions were not validated, so a control
    /// character (which XML cannot hold) or white space around one (which the reader trims) made
    /// a glossary file that no longer read, or read back different from what was saved.
    @Test(arguments: ["Cleans the air\u{1}", "Cleans the air\u{FFFF}", " Cleans the air", "Cleans\r\nthe air"])
    func aDefinitionThatWouldNotReadBackIsRefused(_ definition: String) async throws {
        try await Self.withLibrary { library in
            var glossary = try library.load("hvac")
            glossary.concepts[0].definition = definition
            try Self.expectRefusedAndUntouched(glossary, in: library, term: nil, message: "the definition")
        }
    }

    /// Saving the glossary is refused with an issue about the term (or the concept's definition),
    /// and the folder keeps the glossary it had.
    static func expectRefusedAndUntouched(_ glossary: Glossary, in library: GlossaryLibrary, term: String?, message: String) throws {
        let before = try Data(contentsOf: library.file(for: "hvac"))
        #expect {
            try library.save(glossary, by: "fuzz@example.com", action: "import")
        } throws: { error in
            (error as? GlossaryError)?.issues.contains { $0.term == term && $0.concept != nil && $0.message.contains(message) } == true
        }
        #expect(try Data(contentsOf: library.file(for: "hvac")) == before)
        #expect(try library.load("hvac") == Fixtures.hvac)
    }
}
