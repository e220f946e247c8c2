import Foundation
import ParleyLanguage
import ParleyTranslation
import Testing

/// Business replies through the real APy, the shipped HVAC glossary and the whole pipeline: every
/// reply reaches the contact intact (each expression as written or correctly localized, no
/// forbidden word) or is flagged to the rep (held, or sent only once confirmed), and most go out
/// unflagged. A round trip through the same engine would not have caught the damage: the checks
/// here do not use it.
@Suite struct ReplyCorpusTests {
    struct Row: Sendable {
        var reply: String
        /// Each expression's accepted forms, the English first.
        var expressions: [[String]]
        var forbidden: [String]
    }

    static func rows() throws -> [Row] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/outbound-replies.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasPrefix("#") }
            .map { line in
                let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                func list(_ index: Int) -> [String] {
                    guard index < columns.count else { return [] }
                    return columns[index].components(separatedBy: " ; ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                return Row(reply: columns[0], expressions: list(1).map { $0.components(separatedBy: "|") }, forbidden: list(2))
            }
    }

    /// Spain's vuestro forms are wrong for the Latin American Spanish every reply here is for.
    static let alwaysForbidden = ["vuestro", "vuestra", "vuestros", "vuestras"]

    static func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
    }

    /// Whole-word presence; a word in capitals must match in capitals ("SOY" is the damage, not "soy").
    static func contains(_ text: String, word: String) -> Bool {
        let options: String.CompareOptions = word == word.uppercased() ? [] : [.caseInsensitive]
        var start = text.startIndex
        while let range = text.range(of: word, options: options, range: start..<text.endIndex) {
            let before = range.lowerBound == text.startIndex || !text[text.index(before: range.lowerBound)].isLetter
            let after = range.upperBound == text.endIndex || !text[range.upperBound].isLetter
            if before && after { return true }
            start = range.upperBound
        }
        return false
    }

    @Test func everyReplyIsIntactOrFlaggedAndMostGoOutUnflagged() async throws {
        let pipeline = PipelineFixture.pipeline(try PipelineFixture.apertium())
        let rows = try Self.rows()
        #expect(rows.count >= 40)
        var unflagged = 0
        var damagedUnflagged: [String] = []
        var report: [String] = []
        for row in rows {
            let outbound = await pipeline.outbound(row.reply, context: PipelineFixture.spanishThread)
            let text = Self.normalized(outbound.result.text)
            let flagged = !outbound.isReadyToSend || outbound.needsConfirmation
            var damage: [String] = []
            for forms in row.expressions where !forms.contains(where: { text.contains(Self.normalized($0)) }) {
                damage.append("lost “\(forms[0])”")
            }
            for word in row.forbidden + Self.alwaysForbidden where Self.contains(text, word: word) {
                damage.append("has “\(word)”")
            }
            if !flagged { unflagged += 1 }
            if !damage.isEmpty && !flagged { damagedUnflagged.append("\(row.reply) → \(text): \(damage.joined(separator: ", "))") }
            let mark = flagged ? "FLAG" : (damage.isEmpty ? "ok  " : "BAD ")
            report.append("\(mark) \(row.reply) → \(text)" + (flagged ? "  [\(outbound.doubts.joined(separator: " "))]" : ""))
        }
        let share = Double(unflagged) / Double(rows.count)
        print("Reply corpus: \(unflagged) of \(rows.count) unflagged (\(Int((share * 100).rounded()))%), \(damagedUnflagged.count) damaged without a flag")
        for line in report { print("  " + line) }
        #expect(damagedUnflagged.isEmpty, "sent damaged without a flag:\n\(damagedUnflagged.joined(separator: "\n"))")
        #expect(share >= 0.8, "only \(unflagged) of \(rows.count) replies went out unflagged")
    }
}
