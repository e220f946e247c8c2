import Foundation
import Testing

@testable import ParleyTranslation

/// Skipping the phrase rules whose anchor words a message lacks changes no result: on texts made
/// from every rule of every language written with spaces, on the labelled set, and on variants.
@Suite struct CompliancePhraseAnchorTests {
    static let skipping = CompliancePhrases()
    static let scanning = CompliancePhrases(skipsByAnchors: false)

    /// A small deterministic generator (SplitMix64), so a failure names a text that reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A text a template describes: a phrase for each token, optional words sometimes left out,
    /// wildcards filled with letters, and now and then a word of noise or a changed letter.
    static func text(from template: String, classes: [String: [String]], using random: inout Generator) -> String {
        func phrases(_ alternatives: Substring) -> [String] {
            alternatives.split(separator: "|").flatMap { alternative -> [String] in
                if alternative.hasPrefix("{"), alternative.hasSuffix("}") {
                    return classes[String(alternative.dropFirst().dropLast())] ?? []
                }
                return [String(alternative)]
            }
        }
        func fill(_ phrase: String, _ random: inout Generator) -> String {
            let letters = ["", "s", "ing", "x", "ed"]
            var text = phrase.replacingOccurrences(of: "_", with: " ")
            if text.hasPrefix("*") { text = letters.randomElement(using: &random)! + text.dropFirst() }
            if text.hasSuffix("*") { text = text.dropLast() + letters.randomElement(using: &random)! }
            return text
        }
        var words: [String] = []
        for token in template.split(separator: " ") {
            if token == "^" { continue }
            if token == "$" {
                if Bool.random(using: &random) { words.append(["please", "thanks", "por favor", "merci"].randomElement(using: &random)!) }
                continue
            }
            if token.hasPrefix("~") {
                let rest = token.dropFirst()
                let count = Int(rest.prefix { $0.isNumber }) ?? 1
                let what = rest.drop { $0.isNumber }
                let choices = what.isEmpty ? ["now", "me", "the", "all"] : phrases(what.dropFirst().dropLast())
                for _ in 0..<Int.random(in: 0...count, using: &random) {
                    words.append(fill(choices.randomElement(using: &random)!, &random))
                }
                continue
            }
            if token.hasSuffix("?"), token.count > 1 {
                if Bool.random(using: &random) { words.append(fill(phrases(token.dropLast()).randomElement(using: &random)!, &random)) }
                continue
            }
            let choices = phrases(token)
            guard let choice = choices.randomElement(using: &random) else { continue }
            words.append(fill(choice, &random))
        }
        // Noise: a word in front, a word dropped or a letter changed, sometimes.
        switch Int.random(in: 0..<6, using: &random) {
        case 0: words.insert(["ok", "hi", "no", "yes", "pls"].randomElement(using: &random)!, at: 0)
        case 1 where words.count > 1: words.remove(at: Int.random(in: 0..<words.count, using: &random))
        case 2 where !words.isEmpty:
            let index = Int.random(in: 0..<words.count, using: &random)
            words[index] = String(words[index].dropLast()) + "z"
        default: break
        }
        return words.joined(separator: Bool.random(using: &random) ? " " : ", ")
    }

    @Test func textsMadeFromEveryRuleGiveTheSameMatchWithAndWithoutSkipping() {
        var random = Generator(state: 20_261_207)
        var matched = 0
        var total = 0
        for grammar in CompliancePhrases.defaultGrammars where grammar.spaced {
            for pattern in grammar.optOut + grammar.optIn {
                for _ in 0..<12 {
                    let text = Self.text(from: pattern.template, classes: grammar.classes, using: &random)
                    let expected = Self.scanning.match(text)
                    #expect(Self.skipping.match(text) == expected, "\(grammar.language): \(text)")
                    total += 1
                    if expected != nil { matched += 1 }
                }
            }
        }
        // The texts reach the rules: most of them match one (a dropped word or guard stops some).
        #expect(total > 1_000)
        #expect(matched * 2 > total, "only \(matched) of \(total) generated texts matched a rule")
    }

    @Test func theLabelledSetGivesTheSameMatchWithAndWithoutSkipping() throws {
        let rows = try CompliancePhraseTests.rows()
        try #require(rows.count > 200)
        for row in rows {
            for text in [row.text, row.text.uppercased(), "ok " + row.text, row.text + " thx"] {
                #expect(Self.skipping.match(text) == Self.scanning.match(text), "\(row.language): \(text)")
            }
        }
    }

    @Test(arguments: [
        ("messag*", CompliancePhrases.Anchor.Position.start, "messag"),
        ("*spam*", .inside, "spam"),
        ("*texting", .end, "texting"),
        ("do_not", .whole, "do"),
        ("stop it*", .whole, "stop"),
    ])
    func anAnchorIsThePhrasesFirstWord(phrase: String, position: CompliancePhrases.Anchor.Position, word: String) throws {
        let anchor = try #require(CompliancePhrases.Anchor(phrase: phrase.replacingOccurrences(of: "_", with: " ")))
        #expect(anchor.word == word)
        #expect(anchor.position == position)
    }
}
