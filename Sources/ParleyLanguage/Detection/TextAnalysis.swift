/// A message prepared for detection: sanitized, folded with ICU, split into words on ICU word
/// boundaries, with each word's script.
///
/// This runs once per message on the hot path, so it works on scalar arrays rather than `String`
/// slices, and keeps every word's letters in one buffer. A text written only in letters of the Latin
/// and Cyrillic alphabets that fold on their own (``LatinFold``), with spaces and the punctuation
/// between them, takes a fast path that gives the same words without calling ICU: folding such a text
/// is folding each letter, and ICU's word rules (Unicode's UAX #29) reduce to "letters, joined by one
/// apostrophe or full stop between two letters". Anything else — digits touching letters, `_`, `:`,
/// combining marks, other scripts — goes to ICU. Tests prove the two paths agree.
struct TextAnalysis {
    /// One word: folded letters only (digits and symbols dropped), with its script.
    struct Word {
        /// Where its letters are in ``TextAnalysis/letters``.
        var range: Range<Int>
        var script: Script
        /// A word that says nothing about the language ("ok", "jajaja").
        var isNeutral: Bool

        var count: Int { range.count }
    }

    /// The longest prefix analysed, in Unicode scalars; longer texts are judged by their beginning.
    static let scalarLimit = 2_000

    /// Every word's letters, one after another.
    private(set) var letters: [UInt32] = []
    private(set) var words: [Word] = []
    /// Whether the text was longer than `scalarLimit`.
    private(set) var truncated = false
    /// Whether the text took the fast path (no ICU).
    private(set) var usedFastPath = false

    /// Analyses a text, on the fast path when it can.
    init(_ text: String) {
        self.init(text, allowFastPath: true)
    }

    /// Analyses a text; with `allowFastPath` false, always through ICU (to test the fast path).
    init(_ text: String, allowFastPath: Bool) {
        var scalars = Self.sanitizedScalars(text, truncated: &truncated)
        NonLinguisticSpans.blank(&scalars)
        if allowFastPath, analyseAlphabetic(scalars) {
            usedFastPath = true
            return
        }
        letters.removeAll(keepingCapacity: true)
        words.removeAll(keepingCapacity: true)
        var units: [UInt16] = []
        units.reserveCapacity(scalars.count + 8)
        for scalar in scalars { units.append(contentsOf: UTF16.encode(scalar)!) }
        let folded = ICU.nfkcCaseFolded(utf16: units)
        for segment in ICU.wordSegments(utf16: folded) where segment.isWord {
            addWord(folded[segment.utf16Range])
        }
    }

    /// A word's letters.
    func scalars(of word: Word) -> ArraySlice<UInt32> { letters[word.range] }

    /// Words that carry language evidence.
    var contentWords: [Word] { words.filter { !$0.isNeutral } }

    // MARK: The fast path

    /// Splits text made only of letters ``LatinFold`` folds, spaces and simple punctuation into
    /// words, as ICU would; false (having added nothing) when the text has anything else.
    private mutating func analyseAlphabetic(_ scalars: [Unicode.Scalar]) -> Bool {
        let fold = LatinFold.shared
        // Each scalar's class: letter, a joiner between letters (' . ‘ ’), or a separator.
        var previousLetter = false
        var previousDigit = false
        var index = 0
        let count = scalars.count
        while index < count {
            let value = scalars[index].value
            let isLetter = fold.isLetter(value)
            let isDigit = value >= 0x30 && value <= 0x39
            if !isLetter, !isDigit, !LatinFold.isSeparator(value) { return false }
            // A letter touching a digit (ICU joins them into one word whose kind depends on the
            // last rule applied), or a colon between letters (a joiner in some ICU versions).
            if (isLetter && previousDigit) || (isDigit && previousLetter) { return false }
            if value == 0x3A, previousLetter, index + 1 < count, fold.isLetter(scalars[index + 1].value) { return false }
            previousLetter = isLetter
            previousDigit = isDigit
            index += 1
        }
        index = 0
        while index < count {
            guard fold.isLetter(scalars[index].value) else {
                index += 1
                continue
            }
            let start = letters.count
            var tally = ScriptPair()
            while true {
                while index < count, fold.isLetter(scalars[index].value) {
                    let added = fold.append(scalars[index].value, to: &letters)
                    tally.add(added.alphabet, count: added.count)
                    index += 1
                }
                // One apostrophe or full stop between two letters joins them (UAX #29 WB6, WB7).
                guard index + 1 < count, LatinFold.isJoiner(scalars[index].value), fold.isLetter(scalars[index + 1].value) else { break }
                let joiner = scalars[index].value
                if joiner == 0x27 || joiner == 0x2019 { letters.append(0x27) }
                index += 1
            }
            let range = start..<letters.count
            words.append(Word(range: range, script: tally.dominant, isNeutral: NeutralWords.contains(letters[range])))
        }
        return true
    }

    // MARK: The ICU path

    private mutating func addWord(_ units: ArraySlice<UInt16>) {
        let start = letters.count
        var scripts = ScriptTally()
        var iterator = units.makeIterator()
        var decoder = UTF16()
        decoding: while true {
            let scalar: Unicode.Scalar
            switch decoder.decode(&iterator) {
            case .scalarValue(let decoded): scalar = decoded
            case .emptyInput: break decoding
            case .error: scalar = "\u{FFFD}"  // an unpaired surrogate
            }
            if scalar.isASCII {
                let value = scalar.value
                if (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) {
                    letters.append(value)
                    scripts.add(.latin)
                } else if value == 0x27, letters.count > start {
                    letters.append(value)
                }
                continue
            }
            if ScalarClass.flags(scalar) & ScalarClass.letter != 0 {
                letters.append(scalar.value)
                let script = Script(of: scalar)
                if script != .common { scripts.add(script) }
            } else if scalar == "\u{2019}", letters.count > start {
                letters.append(0x27)
            }
        }
        while letters.count > start, letters.last == 0x27 { letters.removeLast() }
        guard let script = scripts.dominant else {
            letters.removeSubrange(start...)
            return
        }
        let range = start..<letters.count
        words.append(Word(range: range, script: script, isNeutral: NeutralWords.contains(letters[range])))
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
            scalars.append(ScalarClass.flags(scalar) & ScalarClass.blanked != 0 ? " " : scalar)
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

/// ``ScriptTally`` for the fast path's two scripts, without allocating.
private struct ScriptPair {
    private var latin = 0
    private var cyrillic = 0
    private var cyrillicFirst = false

    mutating func add(_ script: LatinFold.Alphabet, count: Int) {
        switch script {
        case .latin: latin += count
        case .cyrillic:
            if latin == 0 && cyrillic == 0 { cyrillicFirst = true }
            cyrillic += count
        }
    }

    /// The script with the most letters (the first seen on a tie).
    var dominant: Script {
        if cyrillic > latin || (cyrillic == latin && cyrillicFirst) { return .cyrillic }
        return .latin
    }
}

extension Unicode.GeneralCategory {
    var isMark: Bool {
        self == .nonspacingMark || self == .spacingMark || self == .enclosingMark
    }
}
