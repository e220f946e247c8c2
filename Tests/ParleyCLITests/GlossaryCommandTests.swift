import Foundation
import Testing

/// `parley glossary` through the real executable, as an admin would use it.
@Suite struct GlossaryCommandTests {
    static let shipped = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("glossaries").path

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parley-cli-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func lintPassesOnTheShippedGlossaries() throws {
        let result = try ParleyProcess.run(["glossary", "lint", Self.shipped])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 11)
    }

    @Test func lintFailsWithFileAndLineOnBrokenFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let xxe = directory.appendingPathComponent("xxe.tbx")
        try """
            <?xml version="1.0"?>
            <!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <tbx><text><body><conceptEntry id="a"><langSec xml:lang="en"><termSec><term>&x;</term></termSec></langSec></conceptEntry></body></text></tbx>
            """.write(to: xxe, atomically: true, encoding: .utf8)
        let laughs = directory.appendingPathComponent("laughs.tbx")
        try "<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n<tbx>&b;</tbx>"
            .write(to: laughs, atomically: true, encoding: .utf8)
        let result = try ParleyProcess.run(["glossary", "lint", directory.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(laughs.path):2: DTDs and entity declarations are not allowed"))
        #expect(result.stderr.contains("\(xxe.path):2: DTDs and entity declarations are not allowed"))
        #expect(!result.stdout.contains("root:"))
    }

    @Test func lintReportsConflictingTermsByLine() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("terms.csv")
        try "en,es\nheat pump,bomba de calor\nfurnace,Bomba de Calor\n".write(to: csv, atomically: true, encoding: .utf8)
        let result = try ParleyProcess.run(["glossary", "lint", csv.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(csv.path):3: term 'Bomba de Calor': conflicting term"))
        #expect(result.stderr.contains("first on line 2"))
    }

    @Test func formulaCellIsNeutralizedOnExportAndImportsBack() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("evil.csv")
        try "en,es\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",bomba\n".write(to: csv, atomically: true, encoding: .utf8)
        let imported = try ParleyProcess.run(["glossary", "import", csv.path, "--industry", "hvac", "--dir", directory.path, "--by", "test"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let exported = try ParleyProcess.run(["glossary", "export", "hvac", "--format", "csv", "--pair", "en-es", "--dir", directory.path])
        #expect(exported.stdout == "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",bomba\n")
    }

    @Test(arguments: ["csv", "tsv"])
    func exportedPairsRoundTripThroughImportUnchanged(format: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let export = try ParleyProcess.run(["glossary", "export", "hvac", "--format", format, "--pair", "en-es", "--dir", Self.shipped])
        #expect(export.status == 0)
        #expect(export.stdout.contains(format == "csv" ? "heat pump,bomba de calor\n" : "heat pump\tbomba de calor\n"))
        let file = directory.appendingPathComponent("hvac-en-es.\(format)")
        try export.stdout.write(to: file, atomically: true, encoding: .utf8)

        // Into a copy of the shipped glossary: no change, no new version.
        try FileManager.default.copyItem(atPath: Self.shipped + "/hvac.tbx", toPath: directory.appendingPathComponent("hvac.tbx").path)
        let same = try ParleyProcess.run(["glossary", "import", file.path, "--industry", "hvac", "--pair", "en-es", "--dir", directory.path])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.hasPrefix("hvac: no changes"))

        // Into a new industry: exporting it gives the same file back.
        let fresh = try ParleyProcess.run(["glossary", "import", file.path, "--industry", "hvac-copy", "--pair", "en-es", "--dir", directory.path])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let again = try ParleyProcess.run(["glossary", "export", "hvac-copy", "--format", format, "--pair", "en-es", "--dir", directory.path])
        #expect(again.stdout == export.stdout)
        let history = try ParleyProcess.run(["glossary", "history", "hvac-copy", "--dir", directory.path])
        #expect(history.stdout.contains("import hvac-en-es.\(format)"))
    }

    @Test func tbxExportIsTheFile() throws {
        let export = try ParleyProcess.run(["glossary", "export", "plumbing", "--dir", Self.shipped])
        let file = try String(contentsOfFile: Self.shipped + "/plumbing.tbx", encoding: .utf8)
        #expect(export.stdout == file)
    }

    @Test func matchSpanishMessage() throws {
        let result = try ParleyProcess.run([
            "glossary", "match", "--industry", "hvac", "--lang", "es", "--dir", Self.shipped, "Mi bomba de calor no enfría",
        ])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "[3, 17)\tbomba de calor\thvac-heat-pump (preferred)\ten: heat pump")
        #expect(lines.contains { $0.hasPrefix("[18, 27)\tno enfría\t") && $0.hasSuffix("en: not cooling") })
    }

    @Test func matchEnglishReplyListsTargetTerms() throws {
        let result = try ParleyProcess.run([
            "glossary", "match", "--industry", "hvac", "--lang", "en", "--dir", Self.shipped, "--json",
            "We will check your heat pump tomorrow",
        ])
        let items = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        let heatPump = items?.first { $0["concept"] as? String == "hvac-heat-pump" }
        let equivalents = heatPump?["equivalents"] as? [String: String]
        #expect(equivalents?["es"] == "bomba de calor")
        #expect(equivalents?["zh-Hans"] == "热泵")
        #expect(heatPump?["start"] as? Int == 19)
    }

    @Test func unknownIndustryIsAClearError() throws {
        let result = try ParleyProcess.run(["glossary", "match", "--industry", "bakery", "--lang", "es", "--dir", Self.shipped, "pan"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no glossary for industry 'bakery'"))
    }
}
