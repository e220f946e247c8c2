import Foundation
import ParleyLanguage
import ParleyTranslation
import Testing

/// Opt-out and opt-in *sentences* (``ComplianceResult/Rule/phrase``), measured on a hand-written,
/// labelled set in every language it covers (`Fixtures/compliance-phrases.tsv`).
@Suite struct CompliancePhraseTests {
    let compliance = ComplianceStage()

    struct Row: Sendable {
        var language: String
        var label: String
        var text: String
    }

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/compliance-phrases.tsv")

    static func rows() throws -> [Row] {
        let text = try String(contentsOf: fixture, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line -> Row? in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { return nil }
            return Row(language: fields[0], label: fields[1], text: fields[2])
        }
    }

    static func label(_ result: ComplianceResult) -> String { result.kind?.rawValue ?? "none" }

    // MARK: The labelled set

    @Test func labelledSetRecallAndFalseAlarms() throws {
        let rows = try Self.rows()
        try #require(rows.count > 200)
        struct Tally {
            var optOut = 0, found = 0, negatives = 0, falseAlarms = 0, optIn = 0, optInFound = 0, otherLanguage = 0
        }
        var tallies: [String: Tally] = [:]
        var order: [String] = []
        var missed: [String] = []
        var alarms: [String] = []
        for row in rows {
            if tallies[row.language] == nil { order.append(row.language) }
            var tally = tallies[row.language, default: Tally()]
            let result = compliance.classify(row.text)
            let got = Self.label(result)
            switch row.label {
            case "optOut":
                tally.optOut += 1
                if got == "optOut" {
                    tally.found += 1
                    if result.language?.identifier != row.language, !result.languages.contains(where: { $0.identifier == row.language }) {
                        tally.otherLanguage += 1
                    }
                } else {
                    missed.append("\(row.language)\t\(row.text)\t→ \(got)")
                }
                if got == "optIn" { alarms.append("\(row.language)\t\(row.text)\t→ optIn") }
            case "optIn":
                tally.optIn += 1
                if got == "optIn" { tally.optInFound += 1 }
                if got == "optOut" { alarms.append("\(row.language)\t\(row.text)\t→ optOut (expected optIn)") }
            default:
                tally.negatives += 1
                if got == "optOut" || (row.label == "none" && got != "none") {
                    tally.falseAlarms += 1
                    alarms.append("\(row.language)\t\(row.text)\t→ \(got) \(result.keyword ?? "")")
                }
            }
            tallies[row.language] = tally
        }
        var lines = ["language  opt-out recall     look-alikes  false alarms  opt-in found  other language"]
        var total = Tally()
        for language in order {
            let tally = tallies[language]!
            total.optOut += tally.optOut
            total.found += tally.found
            total.negatives += tally.negatives
            total.falseAlarms += tally.falseAlarms
            total.optIn += tally.optIn
            total.optInFound += tally.optInFound
            total.otherLanguage += tally.otherLanguage
            lines.append(Self.line(language, tally.found, tally.optOut, tally.negatives, tally.falseAlarms, tally.optInFound, tally.optIn, tally.otherLanguage))
        }
        lines.append(Self.line("all", total.found, total.optOut, total.negatives, total.falseAlarms, total.optInFound, total.optIn, total.otherLanguage))
        if !missed.isEmpty { lines += ["missed opt-outs:"] + missed.map { "  " + $0 } }
        if !alarms.isEmpty { lines += ["false alarms:"] + alarms.map { "  " + $0 } }
        print(lines.joined(separator: "\n"))

        #expect(alarms.isEmpty, "\(alarms)")
        let overall = Double(total.found) / Double(max(1, total.optOut))
        #expect(overall >= 0.9, "overall opt-out recall \(overall)")
        for language in order {
            let tally = tallies[language]!
            guard tally.optOut > 0 else { continue }
            let recall = Double(tally.found) / Double(tally.optOut)
            #expect(recall >= 0.75, "\(language) opt-out recall \(recall)")
        }
    }

    private static func line(
        _ language: String, _ found: Int, _ optOut: Int, _ negatives: Int, _ falseAlarms: Int, _ optInFound: Int,
        _ optIn: Int, _ otherLanguage: Int
    ) -> String {
        let recall = optOut == 0 ? "-" : String(format: "%3.0f%%", 100 * Double(found) / Double(optOut))
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
        return pad(language, 10) + pad("\(found)/\(optOut) \(recall)", 19) + pad("\(negatives)", 13)
            + pad("\(falseAlarms)", 14) + pad(optIn == 0 ? "-" : "\(optInFound)/\(optIn)", 14) + "\(otherLanguage)"
    }

    @Test func fixtureCoversAtLeastTwelveLanguagesWithLookAlikes() throws {
        let rows = try Self.rows()
        let languages = Set(rows.map(\.language))
        #expect(languages.count >= 12)
        let supported = Set(SupportedLanguage.all.map(\.tag.identifier))
        for language in languages {
            #expect(supported.contains(language), "\(language)")
            #expect(rows.contains { $0.language == language && $0.label == "none" }, "\(language) has no look-alikes")
        }
        #expect(Set(rows.map(\.label)).isSubset(of: ["optOut", "optIn", "help", "none"]))
    }

    // MARK: The result

    @Test func phraseResultShape() throws {
        let result = compliance.classify("No me manden más mensajes")
        #expect(result.kind == .optOut)
        #expect(result.rule == .phrase)
        #expect(result.isProbable)
        #expect(result.language?.identifier == "es")
        #expect(result.languages.map(\.identifier) == ["es"])
        #expect(result.keyword == "No me manden más mensajes")
    }

    @Test func phraseWordsAreAsWrittenInTheMessage() {
        #expect(compliance.classify("who is this?? Please STOP texting me!!").keyword == "STOP texting")
        #expect(compliance.classify("Hola, ya no me envíen mensajes por favor").keyword == "no me envíen mensajes")
        #expect(compliance.classify("请不要再给我发短信，谢谢").keyword == "不要再给我发短信")
        #expect(compliance.classify("Retirez-moi de votre liste").keyword == "Retirez-moi de votre liste")
    }

    @Test func keywordRulesStillWinAndAreNotProbable() {
        let stop = compliance.classify("STOP")
        #expect(stop.rule == .wholeMessage)
        #expect(!stop.isProbable)
        #expect(stop.keyword == "STOP")
        let courtesy = compliance.classify("alto por favor")
        #expect(courtesy.rule == .keywordWithCourtesy)
        #expect(!courtesy.isProbable)
        #expect(compliance.classify("START").rule == .wholeMessage)
        #expect(ComplianceResult.none.isProbable == false)
    }

    @Test func phrasesCanBeTurnedOff() {
        let keywordsOnly = ComplianceStage(recognizesPhrases: false)
        #expect(keywordsOnly.classify("please stop texting me") == .none)
        #expect(keywordsOnly.classify("STOP").kind == .optOut)
    }

    @Test(arguments: [
        ("please stop texting me", "en"), ("No me manden más mensajes", "es"), ("请不要再给我发短信", "zh-Hans"),
        ("remove me from your list", "en"), ("dejen de escribirme", "es"), ("ne m'envoyez plus de messages", "fr"),
        ("bitte keine Nachrichten mehr", "de"), ("не пишите мне больше", "ru"), ("문자 보내지 마세요", "ko"),
        ("đừng nhắn tin cho tôi nữa", "vi"), ("parem de me mandar mensagens", "pt"), ("非常感谢，但请勿再发送短信", "zh-Hans"),
    ])
    func optOutPhrases(_ text: String, _ language: String) {
        let result = compliance.classify(text)
        #expect(result.kind == .optOut, "\(text)")
        #expect(result.rule == .phrase)
        #expect(result.language?.identifier == language, "\(text) → \(String(describing: result.language))")
    }

    @Test(arguments: [
        ("you can text me again", "en"), ("ya pueden escribirme", "es"), ("vous pouvez m'écrire à nouveau", "fr"),
    ])
    func optInPhrases(_ text: String, _ language: String) {
        let result = compliance.classify(text)
        #expect(result.kind == .optIn, "\(text)")
        #expect(result.rule == .phrase)
        #expect(result.language?.identifier == language)
    }

    // MARK: Look-alikes

    @Test(arguments: [
        "the leak won't stop", "la bomba no para", "stop by tomorrow at 5?", "don't stop the AC", "the noise stopped",
        "can you text me when you stop by", "no para de gotear", "el aire no para de hacer ruido",
        "I got your message, thanks", "send me a message when you're on the way", "please text me the price",
        "ya no funciona", "mi aire no enfría", "the unit quit working", "cancel my appointment", "cancela la cita",
        "no me llegó el mensaje", "no more noise since you came", "不要停", "空调不制冷",
        "don't text me before 8am please", "why did you stop texting me?", "don't stop texting me",
        "can you stop by and text me the quote", "Stop the water, it's flooding! Text me when you're close",
        "I'll message you when the unit stops leaking", "No more leaks since the repair, thank you!",
        "please don't send the technician before 9", "no me manden la factura por correo, mejor por mensaje",
    ])
    func serviceMessagesAreNotFlagged(_ text: String) {
        let result = compliance.classify(text)
        #expect(result.kind != .optOut, "\(text) → \(result.keyword ?? "")")
        #expect(result.kind != .optIn, "\(text) → \(result.keyword ?? "")")
    }

    /// A language-ID dev set (one text per line after a `lang\ttext` header), when
    /// `PARLEY_LANGID_DEV` names one: nothing in it is an opt-out request.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PARLEY_LANGID_DEV"] != nil))
    func languageIDDevSetRaisesNoAlarm() throws {
        let path = try #require(ProcessInfo.processInfo.environment["PARLEY_LANGID_DEV"])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var flagged: [String] = []
        var count = 0
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard fields.count == 2 else { continue }
            count += 1
            let result = compliance.classify(fields[1])
            if result.rule == .phrase { flagged.append("\(fields[0])\t\(fields[1])\t→ \(result.kind?.rawValue ?? "") \(result.keyword ?? "")") }
        }
        print("langid dev set: \(count) texts, \(flagged.count) flagged as phrases\n" + flagged.joined(separator: "\n"))
        #expect(flagged.isEmpty)
    }
}
