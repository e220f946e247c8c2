public import ParleyLanguage

/// Splits text into the word tokens glossary matching works on: ICU word boundaries, each Han or
/// kana character a token of its own (Chinese and Japanese have no spaces), and sentence
/// punctuation as a break no term spans.
struct TermTokenizer {
    /// One word of a text, in three foldings.
    struct Token: Hashable {
        /// Where the token is, in UTF-16 code units of the text.
        var utf16Range: Range<Int>
        /// NFC, case kept: compared for `matchCase` terms.
        var exact: String
        /// NFKC case-folded, accents kept: compared for `matchAccents` terms.
        var folded: String
        /// Case- and accent-folded: what the matcher's trie is keyed on.
        var lenient: String
        /// Whether sentence punctuation stands between this token and the previous one.
        var breakBefore: Bool
    }

    /// The tokens of a text.
    static func tokens(_ text: String) -> [Token] {
        let units = Array(text.utf16)
        var tokens: [Token] = []
        var pendingBreak = false
        for segment in ICU.wordSegments(utf16: units) {
            let range = segment.utf16Range
            switch segment.kind {
            case .other:
                if units[range].contains(where: isSentencePunctuation) { pendingBreak = true }
            case .ideographs, .kana:
                var start = range.lowerBound
                while start < range.upperBound {
                    let width = UTF16.isLeadSurrogate(units[start]) && start + 1 < range.upperBound ? 2 : 1
                    tokens.append(token(units, start..<(start + width), breakBefore: pendingBreak))
                    pendingBreak = false
                    start += width
                }
            case .letters, .number:
                tokens.append(token(units, range, breakBefore: pendingBreak))
                pendingBreak = false
            }
        }
        return tokens
    }

    private static func token(_ units: [UInt16], _ range: Range<Int>, breakBefore: Bool) -> Token {
        let slice = units[range]
        if slice.allSatisfy({ $0 < 0x80 }) {
            let exact = String(decoding: slice, as: UTF16.self)
            let folded = String(decoding: slice.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF16.self)
            return Token(utf16Range: range, exact: exact, folded: folded, lenient: folded, breakBefore: breakBefore)
        }
        let text = String(decoding: slice, as: UTF16.self)
        return Token(
            utf16Range: range, exact: ICU.nfc(text), folded: ICU.nfkcCaseFolded(text), lenient: ICU.accentFolded(text),
            breakBefore: breakBefore)
    }

    /// `. , ; : ! ?` and their CJK and Arabic forms.
    private static func isSentencePunctuation(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x3002, 0xFF0C, 0xFF01, 0xFF1F, 0x3001, 0xFF1B, 0xFF1A, 0x060C, 0x061F, 0x061B:
            true
        default:
            false
        }
    }
}

/// Folding of whole terms, for keys that compare terms regardless of case and accents.
enum TermFolding {
    /// The term's tokens, case- and accent-folded, joined by a space.
    static func lenientKey(_ text: String) -> String {
        TermTokenizer.tokens(text).map(\.lenient).joined(separator: " ")
    }
}
