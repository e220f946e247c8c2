import Foundation
import ParleyGlossary
import ParleyLanguage
import Testing

@Suite struct TBXTests {
    @Test func writeThenReadGivesTheSameGlossary() throws {
        let glossary = Fixtures.hvac
        let text = TBXWriter().write(glossary)
        #expect(text.contains("<conceptEntry id=\"hvac-heat-pump\">"))
        #expect(text.contains("<langSec xml:lang=\"es\">"))
        #expect(text.contains("<termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>"))
        let document = try TBXReader().read(Fixtures.data(text), file: "hvac.tbx")
        #expect(document.glossary == glossary)
        #expect(document.glossary.version == glossary.version)
        #expect(document.conceptLines["hvac-heat-pump"] == 15)
    }

    @Test func versionChangesWithAnyEdit() {
        var glossary = Fixtures.hvac
        let before = glossary.version
        #expect(before.identifier.hasPrefix("sha256:"))
        #expect(Fixtures.hvac.version == before)
        glossary.concepts[1].terms[Fixtures.tag("es")] = [Term("bomba de agua")]
        #expect(glossary.version != before)
    }

    @Test func readsEscapedTextAndDoNotTranslate() throws {
        let glossary = Glossary(industry: "legal", concepts: [
            Concept(id: "legal-q-and-a", doNotTranslate: true, terms: [Fixtures.tag("en"): [Term("Q&A <\"live\">")]]),
        ])
        let read = try TBXReader().read(Fixtures.data(TBXWriter().write(glossary)), file: "legal.tbx").glossary
        #expect(read.concepts[0].terms[Fixtures.tag("en")]?.first?.text == "Q&A <\"live\">")
        #expect(read.concepts[0].doNotTranslate)
    }

    @Test func externalEntityIsRefused() {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE tbx [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <tbx type="TBX-Basic"><text><body><conceptEntry id="x"><langSec xml:lang="en">
            <termSec><term>&xxe;</term></termSec></langSec></conceptEntry></body></text></tbx>
            """
        #expect {
            try TBXReader().read(Fixtures.data(xxe), file: "xxe.tbx", industry: "hvac")
        } throws: { error in
            let issue = (error as? GlossaryError)?.issues.first
            return issue?.line == 2 && issue?.message.contains("DTDs and entity declarations are not allowed") == true
        }
    }

    @Test func billionLaughsIsRefused() {
        var lines = ["<?xml version=\"1.0\"?>", "<!DOCTYPE lolz [", "<!ENTITY lol \"lol\">"]
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            lines.append("<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">")
        }
        lines += ["]>", "<tbx><text><body><conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>&lol9;</term>",
                  "</termSec></langSec></conceptEntry></body></text></tbx>"]
        #expect {
            try TBXReader().read(Fixtures.data(lines.joined(separator: "\n")), file: "lol.tbx", industry: "hvac")
        } throws: { error in
            (error as? GlossaryError)?.issues.first?.line == 2
        }
    }

    @Test func lowerCaseDoctypeIsRefusedToo() {
        #expect(throws: GlossaryError.self) {
            try TBXReader().read(Fixtures.data("<?xml version=\"1.0\"?>\n<!doctype tbx SYSTEM \"http://evil/x.dtd\">\n<tbx/>"),
                                 file: "x.tbx", industry: "hvac")
        }
    }

    @Test func oversizeFileIsRefused() {
        let reader = TBXReader(maximumSize: 1_000)
        let big = TBXWriter().write(Fixtures.hvac)
        #expect {
            try reader.read(Fixtures.data(big), file: "big.tbx")
        } throws: { error in
            (error as? GlossaryError)?.description.contains("over 1000 bytes are refused") == true
        }
    }

    @Test func malformedXMLNamesTheLine() {
        let broken = "<?xml version=\"1.0\"?>\n<tbx>\n<text><body>\n<conceptEntry id=\"a\">\n<langSec xml:lang=\"en\"><termSec><term>x</termSec>\n</body></text></tbx>"
        #expect {
            try TBXReader().read(Fixtures.data(broken), file: "broken.tbx", industry: "hvac")
        } throws: { error in
            let description = (error as? GlossaryError)?.description ?? ""
            return description.hasPrefix("broken.tbx:5") && description.contains("not well-formed")
        }
    }

    @Test func invalidLanguageTagAndStatusAreReportedWithLines() {
        let text = """
            <?xml version="1.0"?>
            <tbx type="TBX-Basic" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
            <conceptEntry id="hvac-filter"><descrip type="subjectField">hvac</descrip>
            <langSec xml:lang="español"><termSec><term>filtro</term></termSec></langSec>
            <langSec xml:lang="en"><termSec><term>filter</term>
            <termNote type="administrativeStatus">bestTerm</termNote></termSec></langSec>
            </conceptEntry></body></text></tbx>
            """
        #expect {
            try TBXReader().read(Fixtures.data(text), file: "hvac.tbx")
        } throws: { error in
            let issues = (error as? GlossaryError)?.issues ?? []
            return issues.count == 2
                && issues[0].line == 4 && issues[0].message.contains("'español' is not a valid BCP 47 language tag")
                && issues[1].line == 6 && issues[1].term == "filter" && issues[1].message.contains("unknown administrative status")
        }
    }

    @Test func utf16IsRefused() {
        var data = Data([0xFF, 0xFE])
        data.append(TBXWriter().write(Fixtures.hvac).data(using: .utf16LittleEndian)!)
        #expect {
            try TBXReader().read(data, file: "utf16.tbx")
        } throws: { error in
            (error as? GlossaryError)?.description.contains("not UTF-8") == true
        }
    }

    @Test func cdataAndInlineMarkupKeepTheirText() throws {
        let text = """
            <?xml version="1.0"?>
            <tbx type="TBX-Basic"><text><body><conceptEntry id="hvac-filter"><descrip type="subjectField">hvac</descrip>
            <descrip type="definition"><![CDATA[Cleans <air>]]></descrip>
            <langSec xml:lang="en"><termSec><term>air <hi>filter</hi> pad</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
            </conceptEntry></body></text></tbx>
            """
        let concept = try TBXReader().read(Fixtures.data(text), file: "x.tbx").glossary.concepts[0]
        #expect(concept.definition == "Cleans <air>")
        #expect(concept.preferredTerm(in: Fixtures.tag("en"))?.text == "air filter pad")
    }

    @Test func notTBXIsRefused() {
        #expect(throws: GlossaryError.self) {
            try TBXReader().read(Fixtures.data("<?xml version=\"1.0\"?><html><body/></html>"), file: "page.tbx", industry: "hvac")
        }
    }
}
