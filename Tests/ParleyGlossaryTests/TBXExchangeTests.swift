import Foundation
import ParleyGlossary
import ParleyLanguage
import ParleyTesting
import Testing

/// TBX files from other tools: translate-toolkit's csv2tbx (TBX 2008, `<martif>`, with a DOCTYPE
/// naming its DTD), termbases that mark no status, and the DOCTYPE rules that keep reading safe.
@Suite struct TBXExchangeTests {
    static let en = Fixtures.tag("en")
    static let es = Fixtures.tag("es")
    static let csv2tbxReader = TBXReader(languageOverrides: ["xx": es])

    /// A TBX-Basic file with one concept whose English term is `filter`, after a prolog.
    static func tbx(prolog: String, term: String = "filter") -> String {
        #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + prolog + "\n"
            + #"<tbx type="TBX-Basic"><text><body><conceptEntry id="hvac-filter"><langSec xml:lang="en">"#
            + "<termSec><term>\(term)</term></termSec></langSec></conceptEntry></body></text></tbx>"
    }

    // MARK: - csv2tbx

    @Test func csv2tbxFileImportsWithoutEditsAndItsOnlyTermsArePreferred() throws {
        let data = try Fixtures.exchangeFile("hvac-terms.tbx")
        let document = try Self.csv2tbxReader.read(data, file: "hvac-terms.tbx", industry: "hvac")
        let glossary = document.glossary
        #expect(glossary.industry == "hvac")
        #expect(glossary.concepts.count == 11)
        #expect(glossary.languages == [Self.en, Self.es])
        let pairs = glossary.concepts.map { concept in
            [concept.preferredTerm(in: Self.en)?.text ?? "-", concept.preferredTerm(in: Self.es)?.text ?? "-"]
        }
        #expect(pairs.contains(["ductwork", "conductos"]))
        #expect(pairs.contains(["thermostat", "termostato"]))
        #expect(pairs.contains(["furnace", "calefactor"]))
        #expect(pairs.contains(["carbon monoxide detector", "detector de monóxido de carbono"]))
        #expect(!pairs.joined().contains("-"))
        #expect(GlossaryValidator().issues(in: glossary, file: "hvac-terms.tbx", document: document).isEmpty)
    }

    @Test func csv2tbxIdsAreKeptOrMadeIntoParleyIds() throws {
        let data = try Fixtures.exchangeFile("hvac-terms.tbx")
        let document = try Self.csv2tbxReader.read(data, file: "hvac-terms.tbx", industry: "hvac")
        let ids = document.glossary.concepts.map(\.id)
        #expect(ids.prefix(4) == ["ductwork", "thermostat", "furnace", "hvac-heat-pump"])
        #expect(ids.contains("hvac-carbon-monoxide-detector"))
        let warning = try #require(document.warnings.first { $0.concept == "hvac-heat-pump" })
        #expect(warning.message.contains("'heat pump', which is not a Parley concept id"))
        #expect(warning.line == 27)
        #expect(document.conceptLines["hvac-heat-pump"] == 27)
        let termLine = document.termLines.first { $0.key.concept == "hvac-heat-pump" && $0.key.language == Self.es }
        #expect(termLine?.key.text == "bomba de calor" && termLine?.value == 29)
    }

    @Test func csv2tbxNotesBecomeTheDefinition() throws {
        let data = try Fixtures.exchangeFile("hvac-terms.tbx")
        let glossary = try Self.csv2tbxReader.read(data, file: "hvac-terms.tbx", industry: "hvac").glossary
        #expect(glossary[conceptID: "furnace"]?.definition == #"Not "horno", which is an oven."#)
        #expect(glossary[conceptID: "thermostat"]?.definition == nil)
    }

    @Test func csv2tbxPlaceholderLanguageIsRefusedUnlessNamed() throws {
        let data = try Fixtures.exchangeFile("hvac-terms.tbx")
        #expect {
            try TBXReader().read(data, file: "hvac-terms.tbx", industry: "hvac")
        } throws: { error in
            let issue = (error as? GlossaryError)?.issues.first
            return issue?.line == 15 && issue?.concept == "ductwork"
                && issue?.message.contains("xml:lang 'xx' is a placeholder") == true
                && issue?.message.contains("replace it with the code of the terms' language") == true
        }
    }

    @Test func exportedCSV2TBXGlossaryReadsBackTheSame() throws {
        let data = try Fixtures.exchangeFile("hvac-terms.tbx")
        let glossary = try Self.csv2tbxReader.read(data, file: "hvac-terms.tbx", industry: "hvac").glossary
        let exported = TBXWriter().write(glossary)
        #expect(exported.contains(#"<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>"#))
        let reread = try TBXReader().read(Data(exported.utf8), file: "hvac.tbx")
        #expect(reread.glossary == glossary)
        #expect(reread.warnings.isEmpty)
    }

    @Test func csv2tbxFileImportsThroughTheImporterWithoutEditsOnceItsLanguageIsNamed() throws {
        // csv2tbx writes its target terms as xx; the importer is told which language that is
        // (`parley glossary import --pair en-es`, `POST …/import?language=es`), the file is not edited.
        let file = try Fixtures.exchangeFile("hvac-terms.tbx")
        #expect(throws: GlossaryError.self) { try GlossaryImporter(format: .tbx).apply(file, file: "hvac-terms.tbx", to: Fixtures.hvac) }
        let imported = try GlossaryImporter(format: .tbx, placeholderLanguage: Self.es).apply(file, file: "hvac-terms.tbx", to: Fixtures.hvac)
        // 'heat pump' and 'air conditioner' get the ids of the glossary's own concepts, which they replace.
        #expect(imported.concepts.count == Fixtures.hvac.concepts.count + 11 - 2)
        #expect(imported[conceptID: "hvac-heat-pump"]?.terms[Self.es] == [Term("bomba de calor")])
        #expect(imported[conceptID: "hvac-air-filter"]?.preferredTerm(in: Self.es)?.text == "filtro de aire")
        #expect(GlossaryValidator().issues(in: imported).isEmpty)
    }

    // MARK: - Status

    @Test func severalUnmarkedTermsAskWhichIsPreferred() throws {
        let text = """
            <?xml version="1.0"?>
            <martif type="TBX" xml:lang="en"><text><body>
            <termEntry id="hvac-ac"><langSet xml:lang="en"><tig><term>air conditioner</term></tig><tig><term>AC</term></tig></langSet>
            <langSet xml:lang="es"><tig><term>aire acondicionado</term></tig></langSet></termEntry>
            </body></text></martif>
            """
        let document = try TBXReader().read(Data(text.utf8), file: "ac.tbx", industry: "hvac")
        let concept = document.glossary.concepts[0]
        #expect(concept.preferredTerm(in: Self.es)?.text == "aire acondicionado")
        #expect(concept.terms[Self.en]?.map(\.status) == [.admitted, .admitted])
        let issues = GlossaryValidator().issues(in: document.glossary, file: "ac.tbx", document: document)
        #expect(issues.map(\.description) == [
            "ac.tbx:3: concept 'hvac-ac': no preferred term in en; mark the term Parley should write as preferred",
        ])
    }

    @Test func aMarkedStatusIsKeptEvenOnAnOnlyTerm() throws {
        let text = """
            <?xml version="1.0"?>
            <tbx><text><body><conceptEntry id="hvac-ac"><langSec xml:lang="en"><termSec><term>AC</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec></langSec></conceptEntry></body></text></tbx>
            """
        let glossary = try TBXReader().read(Data(text.utf8), file: "ac.tbx", industry: "hvac").glossary
        #expect(glossary.concepts[0].terms[Self.en]?.first?.status == .admitted)
    }

    @Test func anEmptyTermIsSkippedWithAWarning() throws {
        let text = """
            <?xml version="1.0"?>
            <martif><text><body><termEntry id="hvac-vent">
            <langSet xml:lang="en"><tig><term>vent</term></tig></langSet>
            <langSet xml:lang="es"><tig><term></term></tig></langSet>
            </termEntry></body></text></martif>
            """
        let document = try TBXReader().read(Data(text.utf8), file: "vent.tbx", industry: "hvac")
        #expect(document.glossary.concepts[0].terms.keys.map(\.identifier) == ["en"])
        #expect(document.warnings.map(\.line) == [4])
    }

    // MARK: - DOCTYPE and entities

    @Test(arguments: [
        #"<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">"#,
        #"<!DOCTYPE tbx SYSTEM "TBXcoreStructV03.dtd">"#,
        "<!DOCTYPE tbx SYSTEM 'https://example.invalid/x[1]>.dtd'>",
        "<!DOCTYPE tbx>",
        "<!-- exported -->\n<!DOCTYPE\n  tbx\n  SYSTEM\n  \"tbx.dtd\"\n>",
    ])
    func aDoctypeWithoutInternalSubsetIsAccepted(_ doctype: String) throws {
        let text = Self.tbx(prolog: doctype)
        let document = try TBXReader().read(Data(text.utf8), file: "x.tbx", industry: "hvac")
        #expect(document.glossary.concepts[0].preferredTerm(in: Self.en)?.text == "filter")
        // Lines still count from the top of the file, DOCTYPE included.
        #expect(document.conceptLines["hvac-filter"] == text.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    @Test(arguments: [
        #"<!DOCTYPE tbx [ ]>"#,
        #"<!DOCTYPE tbx SYSTEM "tbx.dtd" [ <!ATTLIST term x CDATA "y"> ]>"#,
        #"<!DOCTYPE tbx PUBLIC "-//x//EN" "tbx.dtd"[]>"#,
    ])
    func aDoctypeWithAnInternalSubsetIsRefused(_ doctype: String) {
        #expect {
            try TBXReader().read(Data(Self.tbx(prolog: doctype).utf8), file: "x.tbx", industry: "hvac")
        } throws: { error in
            let issue = (error as? GlossaryError)?.issues.first
            return issue?.line == 2 && issue?.message.contains("DTDs and entity declarations are not allowed") == true
                && issue?.message.contains("remove the internal subset") == true
        }
    }

    @Test(arguments: [
        #"<!ENTITY e "x">"#,
        #"<!DOCTYPE tbx SYSTEM "tbx.dtd"><!ENTITY e "x">"#,
        #"<!DOCTYPE tbx SYSTEM "tbx.dtd"><!DOCTYPE tbx SYSTEM "tbx.dtd">"#,
        #"<!DOCTYPE tbx SYSTEM unquoted.dtd>"#,
        #"<!DOCTYPE tbx SYSTEM "unclosed.dtd>"#,
        #"<!doctype tbx SYSTEM "tbx.dtd">"#,
    ])
    func entityDeclarationsAndDoctypesThatCannotBeCheckedAreRefused(_ prolog: String) {
        #expect {
            try TBXReader().read(Data(Self.tbx(prolog: prolog).utf8), file: "x.tbx", industry: "hvac")
        } throws: { error in
            let issue = (error as? GlossaryError)?.issues.first
            return issue?.line == 2 && issue?.message.contains("DTDs and entity declarations are not allowed") == true
        }
    }

    @Test func aDoctypeAfterTheRootElementIsRefused() {
        let text = Self.tbx(prolog: "", term: "<![CDATA[<!DOCTYPE tbx>]]>")
        #expect(throws: GlossaryError.self) {
            try TBXReader().read(Data(text.utf8), file: "x.tbx", industry: "hvac")
        }
    }

    @Test func billionLaughsIsRefusedBeforeParsing() {
        var lines = [#"<?xml version="1.0"?>"#, #"<!DOCTYPE tbx SYSTEM "tbx.dtd" ["#, #"<!ENTITY lol "lol">"#]
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            lines.append("<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">")
        }
        lines += ["]>", #"<tbx><text><body><conceptEntry id="a"><langSec xml:lang="en"><termSec><term>&lol9;</term>"#,
                  "</termSec></langSec></conceptEntry></body></text></tbx>"]
        let clock = ContinuousClock()
        let start = clock.now
        #expect {
            try TBXReader().read(Data(lines.joined(separator: "\n").utf8), file: "lol.tbx", industry: "hvac")
        } throws: { error in
            (error as? GlossaryError)?.issues.first?.line == 2
        }
        #expect(clock.now - start < .seconds(1))
    }

    /// A DOCTYPE naming a DTD on disk that declares an entity: the DTD is never read, so the
    /// entity stays undeclared and the file is refused as not well-formed (had it been read, the
    /// term would say LEAKED).
    @Test func anExternalDTDOnDiskIsNeverRead() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dtd = folder.appendingPathComponent("secret.dtd")
        try Data(#"<!ENTITY e "LEAKED">"#.utf8).write(to: dtd)
        for prolog in [#"<!DOCTYPE tbx SYSTEM "\#(dtd.absoluteString)">"#, #"<!DOCTYPE tbx SYSTEM "\#(dtd.path)">"#] {
            let result = Result { () throws(GlossaryError) in
                try TBXReader().read(Data(Self.tbx(prolog: prolog, term: "x &e;").utf8), file: "x.tbx", industry: "hvac")
            }
            switch result {
            case .success(let document):
                Issue.record("read an undeclared entity: \(document.glossary)")
            case .failure(let error):
                #expect(error.issues.first?.message.contains("not well-formed") == true)
                #expect(!error.description.contains("LEAKED"))
            }
        }
    }

    /// An external SYSTEM entity (in an internal subset) is refused before the parser runs, and a
    /// DOCTYPE naming a DTD on a server reads without the server ever hearing of it.
    @Test func anExternalEntityOrDTDOnAServerIsNeverFetched() async throws {
        let server = try FakeHTTPServer { _ in .text(200, #"<!ENTITY e "fetched">"#, contentType: "application/xml-dtd") }
        defer { server.stop() }
        let url = server.baseURL + "/glossary.dtd"
        #expect(throws: GlossaryError.self) {
            try TBXReader().read(
                Data(Self.tbx(prolog: #"<!DOCTYPE tbx [<!ENTITY e SYSTEM "\#(url)">]>"#, term: "&e;").utf8),
                file: "x.tbx", industry: "hvac")
        }
        let document = try TBXReader().read(
            Data(Self.tbx(prolog: #"<!DOCTYPE tbx PUBLIC "-//Parley//x//EN" "\#(url)">"#).utf8), file: "x.tbx", industry: "hvac")
        #expect(document.glossary.concepts.count == 1)
        try await Task.sleep(for: .milliseconds(100))
        #expect(server.connectionCount == 0)
    }
}
