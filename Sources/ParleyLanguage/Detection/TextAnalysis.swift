/// A message prepared for detection: sanitized, folded with ICU, split into words on ICU word
/// boundaries, with the letters of each script counted.
struct TextAnalysis {
    /// One word: folded letters only (digits and symbols dropped), with its script.
    struct Word {
        var scalars: [UInt32]
        var script: Script
    }

    /// The longest prefix analysed, in Unicode scalars; longer texts are judged by their beginning.
    static let scalarLimit = 2_000

    private(set) var words: [Word] = []
    /// Letters counted per script, over all words (neutral words included).
    private(set) var letters: [Script: Int] = [:]
    /// Whether the text was longer than `scalarLimit`.
    private(set) var truncated = false

    init(_ text: String) {
        let prepared = Self.prepare(text, truncated: &truncated)
        let folded = ICU.nfkcCaseFolded(prepared)
        let units = Array(folded.utf16)
        for segment in ICU.wordSegments(utf16: units) where segment.isWord {
            let word = String(decoding: units[segment.utf16Range], as: UTF16.self)
            addWord(word)
        }
    }

    /// Words that carry language evidence (not neutral like "ok" or "jaja").
    var contentWords: [Word] { words.filter { !NeutralWords.contains($0.scalars) } }

    private mutating func addWord(_ word: String) {
        var scalars: [UInt32] = []
        var counts: [Script: Int] = [:]
        for scalar in word.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.generalCategory.isMark {
                scalars.append(scalar.value)
                let script = Script(of: scalar)
                if script != .common { counts[script, default: 0] += 1 }
            } else if !scalars.isEmpty, scalar == "'" || scalar == "\u{2019}" {
                scalars.append(0x27)
            }
        }
        while scalars.last == 0x27 { scalars.removeLast() }
        guard let script = counts.max(by: { $0.value < $1.value })?.key else { return }
        for (script, count) in counts { letters[script, default: 0] += count }
        words.append(Word(scalars: scalars, script: script))
    }

    /// Bounds the text and blanks out what is not language: control, format and bidi characters,
    /// links, e-mail addresses, @handles and `{{template variables}}`.
    private static func prepare(_ text: String, truncated: inout Bool) -> String {
        var scalars = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count == scalarLimit {
                truncated = true
                break
            }
            count += 1
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
                scalars.append(" ")
            default:
                scalars.append(scalar)
            }
        }
        return String(scalars)
            .split(whereSeparator: { $0.isWhitespace })
            .map { isNonLinguistic($0) ? "" : $0.replacing(/\{\{[^}]*\}\}/, with: " ") }
            .joined(separator: " ")
    }

    /// Links, e-mail addresses and @handles.
    private static func isNonLinguistic(_ chunk: Substring) -> Bool {
        let lower = chunk.lowercased()
        if lower.contains("://") || lower.hasPrefix("www.") { return true }
        if chunk.hasPrefix("@") || chunk.hasPrefix("#") { return true }
        if let at = lower.firstIndex(of: "@"), lower[at...].contains(".") { return true }
        // bare domains such as example.com/path
        if let dot = lower.lastIndex(of: "."), lower.firstIndex(of: "/") ?? lower.endIndex > dot {
            let tld = lower[lower.index(after: dot)...].prefix(while: { $0.isLetter })
            if ["com", "org", "net", "io", "co", "us", "ly", "gl", "me", "app"].contains(tld),
               lower[..<dot].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) {
                return true
            }
        }
        return false
    }
}

extension Unicode.GeneralCategory {
    var isMark: Bool {
        self == .nonspacingMark || self == .spacingMark || self == .enclosingMark
    }
}
