import ParleyGlossary
import ParleyLanguage

/// A large glossary of made-up but word-shaped terms, and SMS-length messages that use some of
/// them, for measuring matching at scale. Deterministic: the same call gives the same data.
enum SyntheticGlossary {
    static func make(concepts count: Int) -> Glossary {
        var generator = SplitMix(seed: 42)
        var concepts: [Concept] = []
        var seen: Set<String> = []
        while concepts.count < count {
            let words = (0..<(1 + Int(generator.next() % 3))).map { _ in word(&generator) }
            let english = words.joined(separator: " ")
            guard seen.insert(english).inserted else { continue }
            concepts.append(Concept(id: "bench-\(concepts.count)", terms: [
                LanguageTag("en")!: [Term(english)],
                LanguageTag("es")!: [Term(words.reversed().joined(separator: " ") + "o")],
            ]))
        }
        return Glossary(industry: "bench", concepts: concepts)
    }

    /// Messages of about 120 characters: ordinary words with two or three glossary terms.
    static func messages(from glossary: Glossary, count: Int) -> [String] {
        var generator = SplitMix(seed: 7)
        let filler = ["hello", "we", "can", "come", "tomorrow", "at", "the", "house", "please", "check", "my", "and", "thanks"]
        return (0..<count).map { _ in
            var parts: [String] = []
            while parts.joined(separator: " ").count < 110 {
                if generator.next() % 5 == 0 {
                    let concept = glossary.concepts[Int(generator.next() % UInt64(glossary.concepts.count))]
                    parts.append(concept.terms[LanguageTag("en")!]![0].text)
                } else {
                    parts.append(filler[Int(generator.next() % UInt64(filler.count))])
                }
            }
            return parts.joined(separator: " ") + "."
        }
    }

    private static func word(_ generator: inout SplitMix) -> String {
        let consonants = Array("bcdfghjklmnprstvz")
        let vowels = Array("aeiou")
        let syllables = 2 + Int(generator.next() % 2)
        return String((0..<syllables).flatMap { _ in
            [consonants[Int(generator.next() % UInt64(consonants.count))], vowels[Int(generator.next() % UInt64(vowels.count))]]
        })
    }
}

/// A small deterministic random number generator (SplitMix64).
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
