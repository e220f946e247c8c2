/// A message prepared for detection: sanitized, folded with ICU, split into words on ICU word
/// boundaries, with each word's script.
///
/// This runs once per message on the hot path, so it works on scalar and UTF-16 arrays rather than
/// `String` slices.
struct TextAnalysis {
    /// One word: folded letters only (digits and symbols dropped), with its script.
    struct Word {
        var scalars: [UInt32]
        var script: Script
        /// A word that says nothing about the language ("ok", "jajaja").
        var isNeutral: Bool
    }

    /// The longest prefix analysed, in Unicode scalars; longer texts are judged by their beginning.
    static let scalarLimit = 2_000

    private(set) var words: [Word] = []
    /// Whether the text was longer than `scalarLimit`.
    private(set) var truncated = false

    init(_ text: String) {
        var scalars = Self.sanitizedScalars(text, truncated: &truncated)
        NonLinguisticSpans.blank(&scalars)
        var units: [UInt16] = []
        units.reserveCapacity(scalars.count + 8)
        for scalar in scalars { units.append(contentsOf: UTF16.encode(scalar)!) }
        let folded = ICU.nfkcCaseFolded(utf16: units)
        for segment in ICU.wordSegments(utf16: folded) where segment.isWord {
            addWord(folded[segment.utf16Range])
        }
    }

    /// Words that carry language evidence.
    var contentWords: [Word] { words.filter { !$0.isNeutral } }

    private mutating func addWord(_ units: ArraySlice<UInt16>) {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(units.count)
        var scripts = ScriptTally()
        for scalar in Unicode.Scalar.decoding(units) {
            if scalar.isASCII {
                let value = scalar.value
                if (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) {
                    scalars.append(value)
                    scripts.add(.latin)
                } else if value == 0x27, !scalars.isEmpty {
                    scalars.append(value)
                }
                continue
            }
            let properties = scalar.properties
            if properties.isAlphabetic || properties.generalCategory.isMark {
                scalars.append(scalar.value)
                let script = Script(of: scalar)
                if script != .common { scripts.add(script) }
            } else if scalar == "\u{2019}", !scalars.isEmpty {
                scalars.append(0x27)
            }
        }
        while scalars.last == 0x27 { scalars.removeLast() }
        guard let script = scripts.dominant else { return }
        words.append(Word(scalars: scalars, script: script, isNeutral: NeutralWords.contains(scalars)))
    }

    /// The text's scalars up to the limit, with control, format, separator and private-use
    /// characters (bidi controls among them) turned into spaces.
    private static func sanitizedScalars(_ text: String, truncated: inout Bool) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(min(text.utf8.count, scalarLimit))
        for scalar in text.unicodeScalars {
            if scalars.count == scalarLimit {
                truncated = true
                break
            }
            if scalar.isASCII {
                scalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
                continue
            }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
                scalars.append(" ")
            default:
                scalars.append(scalar)
            }
        }
        return scalars
    }
}

/// Letters per script within one word; almost every word has one script, so a short list beats a
/// dictionary.
private struct ScriptTally {
    private var counts: [(script: Script, count: Int)] = []

    mutating func add(_ script: Script) {
        if let index = counts.firstIndex(where: { $0.script == script }) {
            counts[index].count += 1
        } else {
            counts.append((script, 1))
        }
    }

    /// The script with the most letters (the first seen on a tie).
    var dominant: Script? {
        counts.max { $0.count < $1.count }?.script
    }
}

extension Unicode.Scalar {
    /// Decodes UTF-16 code units into scalars, replacing unpaired surrogates.
    static func decoding(_ units: ArraySlice<UInt16>) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(units.count)
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): result.append(scalar)
            case .emptyInput: break loop
            case .error: result.append("\u{FFFD}")
            }
        }
        return result
    }
}

extension Unicode.GeneralCategory {
    var isMark: Bool {
        self == .nonspacingMark || self == .spacingMark || self == .enclosingMark
    }
}
