import Foundation
import Testing

/// `parley detect` as the issue describes it, through the real executable.
@Suite struct DetectCommandTests {
    @Test func spanishLineStartsWithES() throws {
        let result = try ParleyProcess.run(["detect"], stdin: Data("Hola, necesito servicio esta semana\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("es\t"))
        let confidence = Double(result.stdout.split(separator: "\t")[1].trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(confidence.map { $0 > 0.5 && $0 <= 1 } == true)
    }

    @Test func oneOutputLinePerInputLineInOrder() throws {
        var input = Data()
        input.append(Data("Bonjour, je voudrais un rendez-vous\n".utf8))
        input.append(Data("\n".utf8))                                    // empty line
        input.append(Data("👍\n".utf8))
        input.append(Data([0x48, 0x6F, 0x6C, 0x61, 0xFF, 0xFE, 0x20]))   // invalid UTF-8 bytes
        input.append(Data("amigo, gracias por todo\n".utf8))
        input.append(Data("Hi\u{202E} there, \u{7}see you at 5?\r\n".utf8))  // bidi, control, CRLF
        input.append(Data("Danke schön für die schnelle Hilfe".utf8))   // no final newline
        let result = try ParleyProcess.run(["detect"], stdin: input)
        #expect(result.status == 0)
        let tags = result.stdout.split(separator: "\n").map { $0.split(separator: "\t")[0] }
        #expect(tags == ["fr", "und", "und", "es", "en", "de"])
        #expect(result.stderr.contains("line 4"))
    }

    @Test func oneMegabyteLine() throws {
        let line = String(repeating: "Obrigado pela ajuda com o ar condicionado. ", count: 25_000)
        #expect(line.utf8.count > 1_000_000)
        let result = try ParleyProcess.run(["detect"], stdin: Data((line + "\nok\n").utf8))
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").map { $0.prefix(3) } == ["pt\t", "und"])
    }

    @Test func candidatesAndHint() throws {
        let restricted = try ParleyProcess.run(["detect", "--candidates", "en,de", "Hola amigo"])
        #expect(["en", "de"].contains(restricted.stdout.split(separator: "\t").first.map(String.init)))
        let hinted = try ParleyProcess.run(["detect", "--hint", "es", "Si"])
        #expect(hinted.stdout.hasPrefix("es\t"))
    }

    @Test func badCandidateIsAClearError() throws {
        let result = try ParleyProcess.run(["detect", "--candidates", "es,klingon!"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("'klingon!' is not a BCP 47 language tag"))
        let unsupported = try ParleyProcess.run(["detect", "--candidates", "es,tlh"])
        #expect(unsupported.status != 0)
        #expect(unsupported.stderr.contains("'tlh' is not a supported language"))
    }

    @Test func jsonOutput() throws {
        let result = try ParleyProcess.run(["detect", "--json", "Здравствуйте, как дела?"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["language"] as? String == "ru")
        #expect(object?["method"] as? String == "model")
        #expect((object?["runnerUp"] as? [String: Any])?["language"] as? String == "uk")
    }

    @Test func evalReport() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("parley-eval-\(UUID()).tsv")
        try "lang\ttext\nes\tHola, ¿cómo estás?\nen\tSee you tomorrow at noon\nzh-Hant\t我們明天見\nzh-Hans\t我们明天见\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ParleyProcess.run(["detect", "--eval", file.path])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.contains("≤20") == true)
        #expect(lines.contains { $0.hasPrefix("zh ") })
        #expect(!lines.contains { $0.hasPrefix("zh-Han") })
        #expect(lines.contains { $0.hasPrefix("macro") && $0.contains("100.0") })
    }

    @Test func evalOfMissingFileIsAClearError() throws {
        let result = try ParleyProcess.run(["detect", "--eval", "/nonexistent/file.tsv"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot read /nonexistent/file.tsv"))
    }
}
