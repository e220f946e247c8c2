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
    /// The longest one file may take to import and save.
    static let timeLimit = 10.0

    // MARK: - Seeds and dictionaries

    static let tbxSeeds: [[UInt8]] = [
        Array(TBXWriter().write(Fixtures.hvac).utf8),
        Array(TBXWriter().write(Fixtures.doNotTranslate).utf8),
        Array(
            """
            <?xml version="1.0"?>
            <tbx type="TBX-Basic"><text><body><conceptEntry id="hvac-filter"><descrip type="subjectField">hvac</descrip>
            <descrip type="definition"><![CDATA[Cleans <air>]]></descrip>
            <langSec xml:lang="en"><termSec><term>air <hi>filter</hi> pad</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
            </conceptEntry></body></text></tbx>
            """.utf8),
    ]

    static let tbxTokens: [[UInt8]] = [
        "<", ">", "/>", "</", "<term>", "</term>", "<termSec>", "</termSec>", "<langSec xml:lang=\"", "</langSec>",
        "<conceptEntry id=\"", "</conceptEntry>", "<termNote type=\"administrativeStatus\">", "</termNote>",
        "<descrip type=\"subjectField\">", "</descrip>", "<!DOCTYPE tbx [<!ENTITY a \"b\">]>", "<!ENTITY", "<!doctype",
        "&a;", "&#0;", "&#x1F600;", "&#xD800;", "&amp;", "&", "<![CDATA[", "]]>", "<!--", "-->", "<?pi x?>",
        "<?xml version=\"1.0\" encoding=\"UTF-7\"?>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
        "xml:lang=\"español\"", "xml:lang=\"\"", "xmlns:x=\"urn:x\"", " id=\"\"", "\"", "'", "\u{FEFF}", "\r\n",
        String(repeating: "<a>", count: 300), String(repeating: "</a>", count: 300),
    ].map { Array($0.utf8) }

    static func tableSeeds(_ format: GlossaryTable.Format) -> [[UInt8]] {
        let en = Fixtures.tag("en"), es = Fixtures.tag("es")
        let separator = format == .csv ? "," : "\t"
        return [
            Array(GlossaryTable.export(Fixtures.hvac, shape: .equivalentSets(languages: Fixtures.hvac.languages), format: format).utf8),
            Array(GlossaryTable.export(Fixtures.hvac, shape: .pair(source: en, target: es), format: format).utf8),
            Array(["en", "es", "pos", "description"].joined(separator: separator).utf8)
                + Array("\nthermostat\(separator)termostato\(separator)noun\(separator)\"Sets, \"\"the\"\" heat\"\n".utf8),
            Array("\u{FEFF}en\(separator)fr\r\nfilter\(separator)filtre\r\n".utf8),
        ]
    }

    static let tableTokens: [[UInt8]] = [
        ",", "\t", "\"", "\"\"", "\n", "\r", "\r\n", "'=", "=cmd|' /C calc'!A0", "+", "@SUM(1)", "pos", "description",
        "en", "es", "zh-Hant", "español", "x-klingon", "EN_us", "und", "noun", "nounish", "\u{FEFF}",
    ].map { Array($0.utf8) }

    // MARK: - The oracle

    /// What importing one file must give: a glossary, or issues that say where and what.
    /// - Returns: the imported glossary, or nil when the file was refused as it should be.
    static func importOrExplain(_ bytes: [UInt8], importer: GlossaryImporter, file: String) async throws -> Glossary? {
        let outcome = try await Fuzz.withTimeout(timeLimit, "importing \(file)") { () -> Result<Glossary, GlossaryError> in
            do throws(GlossaryError) {
                return .success(try importer.apply(Data(bytes), file: file, to: Fixtures.hvac))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let glossary):
            return glossary
        case .failure(let error):
            try explains(error, file: file)
            return nil
        }
    }

    /// A refusal must list at least one issue, each naming the file and what is wrong, and
    /// locating it (a line, concept or term) unless it is about the file as a whole.
    static func explains(_ error: GlossaryError, file: String) throws(Fuzz.Failure) {
        try Fuzz.require(!error.issues.isEmpty, "refused with no issue")
        for issue in error.issues {
            try Fuzz.require(issue.file == file, "an issue names the file '\(issue.file ?? "nil")', not \(file): \(issue)")
            try Fuzz.require(!issue.message.trimmingCharacters(in: .whitespaces).isEmpty, "an issue has no message: \(issue)")
            try Fuzz.require(
                issue.line != nil || issue.concept != nil || issue.term != nil || wholeFile(issue.message),
                "an issue says neither where nor that it is about the whole file: \(issue)")
        }
    }

    /// Problems of a file as a whole, which have no line.
    static func wholeFile(_ message: String) -> Bool {
        ["the file", "no industry", "no rows"].contains { message.contains($0) }
    }

    /// Saves an imported glossary into a folder that holds the HVAC glossary: either it is saved and
    /// reads back the same, or it is refused with issues and the files are untouched.
    static func saveOrKeep(_ glossary: Glossary, in library: GlossaryLibrary) throws {
        let file = library.file(for: "hvac")
        let log = library.changeLog(for: "hvac").url
        let before = (try Data(contentsOf: file), try? Data(contentsOf: log))
        do throws(GlossaryError) {
            try library.save(glossary, by: "fuzz@example.com", action: "import")
        } catch {
            try Fuzz.require(!error.issues.isEmpty, "the save was refused with no issue")
            try Fuzz.require(
                (try Data(contentsOf: file), try? Data(contentsOf: log)) == before,
                "a refused save changed \(file.lastPathComponent) or its change log")
            return
        }
        let reread: Glossary
        do throws(GlossaryError) {
            reread = try library.load("hvac")
        } catch {
            throw Fuzz.Failure("the saved glossary cannot be read back: \(error)")
        }
        try Fuzz.require(reread == glossary, "the saved glossary reads back different")
    }

    /// A folder with the fixture's HVAC glossary saved in it, removed afterwards.
    static func withLibrary(_ body: (GlossaryLibrary) async throws -> Void) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = GlossaryLibrary(directory: folder)
        try library.save(Fixtures.hvac, by: "fuzz@example.com", action: "seed")
        try await body(library)
    }

    static func describe(_ bytes: [UInt8]) -> String { "\(bytes.count) bytes: \(Fuzz.escaped(bytes))" }

    // MARK: - Properties

    @Test func mutatedTBXFilesImportOrAreRefusedWithTheirLine() async throws {
        try await Self.withLibrary { library in
            let report = await Fuzz.check(
                "tbx import", cases: 300, input: Hostile.mutated(Self.tbxSeeds, dictionary: Self.tbxTokens), describe: Self.describe
            ) { bytes in
                let importer = GlossaryImporter(format: .tbx, acceptsOtherSubjectField: true)
                guard let glossary = try await Self.importOrExplain(bytes, importer: importer, file: "fuzz.tbx") else { return }
                try Self.saveOrKeep(glossary, in: library)
            }
            #expect(report.passed)
        }
    }

    @Test(arguments: GlossaryTable.Format.allCases)
    func mutatedTablesImportOrAreRefusedWithTheirLine(_ format: GlossaryTable.Format) async throws {
        try await Self.withLibrary { library in
            let input = zip(Hostile.mutated(Self.tableSeeds(format), dictionary: Self.tableTokens), Gen.bool)
            let report = await Fuzz.check(
                "\(format) import", cases: 300, input: input, describe: { "pair: \($0.1), " + Self.describe($0.0) }
            ) { input in
                let (bytes, asPair) = input
                let importer = GlossaryImporter(
                    format: format == .csv ? .csv : .tsv, pair: asPair ? (Fixtures.tag("en"), Fixtures.tag("es")) : nil)
                guard let glossary = try await Self.importOrExplain(bytes, importer: importer, file: "fuzz.\(format)") else { return }
                try Self.saveOrKeep(glossary, in: library)
            }
            #expect(report.passed)
        }
    }

    /// Concepts made of hostile text (ids, language codes, terms, notes), written as TBX the way a
    /// careless tool would (unescaped) or a careful one (escaped).
    static let hostileTBX = Generator { rng -> [UInt8] in
        let text = Hostile.text(pieces: 0...3)
        var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#, #"<tbx type="TBX-Basic"><text><body>"#]
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            let escape = Bool.random(using: &rng)
            func value(_ fallback: String) -> String {
                let raw = Int.random(in: 0..<3, using: &rng) == 0 ? text.run(using: &rng) : fallback
                return escape ? raw.xmlEscaped : raw
            }
            lines.append(#"<conceptEntry id="\#(value("hvac-c\(Int.random(in: 0...9, using: &rng))"))">"#)
            lines.append(#"<descrip type="subjectField">\#(value("hvac"))</descrip>"#)
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                lines.append(#"<langSec xml:lang="\#(value(["en", "es", "zh-Hant", "fr"].randomElement(using: &rng)!))">"#)
                for _ in 0..<Int.random(in: 0...3, using: &rng) {
                    lines.append("<termSec><term>\(value("term \(Int.random(in: 0...99, using: &rng))"))</term>")
                    lines.append(#"<termNote type="administrativeStatus">\#(value("preferredTerm-admn-sts"))</termNote>"#)
                    lines.append(#"<termNote type="partOfSpeech">\#(value("noun"))</termNote></termSec>"#)
                }
                lines.append("</langSec>")
            }
            lines.append("</conceptEntry>")
        }
        lines.append("</body></text></tbx>")
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test func tbxOfHostileTextImportsOrIsRefusedWithTheirLine() async throws {
        try await Self.withLibrary { library in
            let report = await Fuzz.check("hostile tbx", cases: 300, input: Self.hostileTBX, describe: Self.describe) { bytes in
                let importer = GlossaryImporter(format: .tbx, mode: .replace)
                guard let glossary = try await Self.importOrExplain(bytes, importer: importer, file: "hostile.tbx") else { return }
                try Self.saveOrKeep(glossary, in: library)
            }
            #expect(report.passed)
        }
    }

    /// DTDs, external entities (general and parameter), XInclude, schema locations and stylesheets
    /// that name a server on this machine, plainly or in UTF-7: no file makes the reader connect.
    @Test func nothingAFileNamesIsEverFetched() async throws {
        let server = try FakeHTTPServer { _ in .text(200, #"<!ENTITY e "fetched">"#, contentType: "application/xml-dtd") }
        defer { server.stop() }
        let url = server.baseURL + "/glossary.dtd"
        func body(_ term: String) -> String {
            #"<tbx><text><body><conceptEntry id="hvac-x"><langSec xml:lang="en"><termSec><term>\#(term)</term>"#
                + #"<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec></conceptEntry></body></text></tbx>"#
        }
        let files = [
            #"<?xml version="1.0"?><!DOCTYPE tbx SYSTEM "\#(url)">"# + body("x &e;"),
            #"<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY e SYSTEM "\#(url)">]>"# + body("x &e;"),
            #"<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY % p SYSTEM "\#(url)"> %p;]>"# + body("x &e;"),
            #"<?xml version="1.0" encoding="UTF-7"?>+ADwAIQ-DOCTYPE tbx SYSTEM +ACI-\#(url)+ACIAPg-"# + body("x &e;"),
            #"<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="\#(url)"?>"#
                + #"<tbx xmlns:xi="http://www.w3.org/2001/XInclude" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#
                + #"xsi:schemaLocation="urn:iso:std:iso:30042:ed-2 \#(url)"><xi:include href="\#(url)"/>"#
                + body("x").dropFirst(5),
        ]
        for file in files {
            _ = try? GlossaryImporter(format: .tbx, acceptsOtherSubjectField: true).apply(Fixtures.data(file), file: "x.tbx", to: Fixtures.hvac)
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(server.connectionCount == 0)
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

extension String {
    fileprivate var xmlEscaped: String {
        var escaped = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
