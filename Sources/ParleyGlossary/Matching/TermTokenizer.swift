internal import ParleyLanguage

/// A text split into the word tokens glossary matching works on: ICU word boundaries, each Han or
/// kana character a token of its own (Chinese and Japanese have no spaces), and sentence
/// punctuation as a break that no term spans.
///
/// Matching runs on every message, so tokens carry only a hash of their case- and accent-folded
/// form; the folded strings are made on demand, where a candidate term is checked.
struct TokenizedText {
    /// One word of the text.
    struct Token {
        /// Where the token is, in UTF-16 code units of the text.
        var utf16Range: Range<Int>
        /// Hash of the case- and accent-folded token, the trie's key.
        var key: UInt64
        /// Whether sentence punctuation stands between this token and the previous one.
        var breakBefore: Bool
        /// The folded form, when it had to be computed (non-ASCII tokens).
        fileprivate var lenientText: String?
    }

    let units: [UInt16]
    private(set) var tokens: [Token] = []

    init(_ text: String) {
        units = Array(text.utf16)
        var pendingBreak = false
        for segment in ICU.wordSegments(utf16: units) {
            let range = segment.utf16Range
            switch segment.kind {
            case .other:
                if units[range].contains(where: Self.isSentencePunctuation) { pendingBreak = true }
            case .ideographs, .kana:
                var start = range.lowerBound
                while start < range.upperBound {
                    let width = UTF16.isLeadSurrogate(units[start]) && start + 1 < range.upperBound ? 2 : 1
                    addToken(start..<(start + width), breakBefore: pendingBreak)
                    pendingBreak = false
                    start += width
                }
            case .letters, .number:
                addToken(range, breakBefore: pendingBreak)
                pendingBreak = false
            }
        }
    }

    /// The token's text as written (NFC), compared for `matchCase` terms.
    func exact(_ index: Int) -> String {
        ICU.nfc(String(decoding: units[tokens[index].utf16Range], as: UTF16.self))
    }

    /// The token case-folded with its accents, compared for `matchAccents` terms.
    func folded(_ index: Int) -> String {
        ICU.nfkcCaseFolded(String(decoding: units[tokens[index].utf16Range], as: UTF16.self))
    }

    /// The token case- and accent-folded.
    func lenient(_ index: Int) -> String {
        tokens[index].lenientText ?? Self.asciiLowercased(units[tokens[index].utf16Range])
    }

    private mutating func addToken(_ range: Range<Int>, breakBefore: Bool) {
        let slice = units[range]
        if slice.allSatisfy({ $0 < 0x80 }) {
            var hash = FoldedHash()
            for unit in slice { hash.add(UInt32((0x41...0x5A).contains(unit) ? unit + 0x20 : unit)) }
            tokens.append(Token(utf16Range: range, key: hash.value, breakBefore: breakBefore))
        } else {
            let lenient = ICU.accentFolded(String(decoding: slice, as: UTF16.self))
            tokens.append(Token(utf16Range: range, key: FoldedHash.of(lenient), breakBefore: breakBefore, lenientText: lenient))
        }
    }

    private static func asciiLowercased(_ slice: ArraySlice<UInt16>) -> String {
        String(decoding: slice.map { UInt8(truncatingIfNeeded: (0x41...0x5A).contains($0) ? $0 + 0x20 : $0) }, as: UTF8.self)
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

/// FNV-1a over Unicode scalar values: the key of a folded token.
struct FoldedHash {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ scalar: UInt32) {
        value = (value ^ UInt64(scalar)) &* 0x0000_0100_0000_01B3
    }

    static func of(_ text: String) -> UInt64 {
        var hash = FoldedHash()
        for scalar in text.unicodeScalars { hash.add(scalar.value) }
        return hash.value
    }
}

/// Folding of whole terms, for keys that compare terms regardless of case and accents.
enum TermFolding {
    /// The term's tokens, case- and accent-folded, joined by a space.
    static func lenientKey(_ text: String) -> String {
        let tokenized = TokenizedText(text)
        return tokenized.tokens.indices.map(tokenized.lenient).joined(separator: " ")
    }
}
