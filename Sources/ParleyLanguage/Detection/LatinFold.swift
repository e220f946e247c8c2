/// The letters the detector's fast path folds by itself: ASCII, Latin-1, Latin Extended-A and -B,
/// Latin Extended Additional (Vietnamese) and Cyrillic letters whose NFKC case folding, asked of ICU
/// one letter at a time, gives letters of the same alphabets with no combining mark. For text made of
/// these letters (no combining marks, which could compose across letters), folding the text is
/// folding each letter, so the table reproduces ICU's result exactly.
struct LatinFold: Sendable {
    /// The alphabet of a folded letter.
    enum Alphabet: UInt8, Sendable {
        case latin, cyrillic
    }

    static let shared = LatinFold()

    /// The ranges of scalars the table covers.
    static let ranges: [ClosedRange<UInt32>] = [0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x400...0x4FF, 0x1E00...0x1EFF]
    private static let limit: UInt32 = 0x1F00

    /// Per scalar below `limit`: 0 when not a fast-path letter, else 1 + the index of its fold in `folds`.
    private let entries: [UInt16]
    /// Each fold: up to three letters, then their alphabet.
    private let folds: [(letters: (UInt32, UInt32, UInt32), count: UInt8, alphabet: Alphabet)]

    private init() {
        var entries = [UInt16](repeating: 0, count: Int(Self.limit))
        var folds: [(letters: (UInt32, UInt32, UInt32), count: UInt8, alphabet: Alphabet)] = []
        for range in Self.ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value), let fold = Self.fold(scalar) else { continue }
                folds.append(fold)
                entries[Int(value)] = UInt16(folds.count)
            }
        }
        self.entries = entries
        self.folds = folds
    }

    /// ICU's fold of one letter, if it qualifies: a letter of the Latin or Cyrillic script that folds
    /// to one to three letters of that script, none of them a combining mark.
    private static func fold(_ scalar: Unicode.Scalar) -> (letters: (UInt32, UInt32, UInt32), count: UInt8, alphabet: Alphabet)? {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter: break
        default: return nil
        }
        let alphabet: Alphabet
        switch Script(of: scalar) {
        case .latin: alphabet = .latin
        case .cyrillic: alphabet = .cyrillic
        default: return nil
        }
        let folded = Array(ICU.nfkcCaseFolded(String(Character(scalar))).unicodeScalars)
        guard (1...3).contains(folded.count) else { return nil }
        for letter in folded {
            guard letter.properties.isAlphabetic, letter.properties.canonicalCombiningClass == .notReordered,
                  Script(of: letter) == Script(of: scalar)
            else { return nil }
        }
        let values = folded.map(\.value) + [0, 0]
        return ((values[0], values[1], values[2]), UInt8(folded.count), alphabet)
    }

    /// Whether a scalar is a letter the fast path folds.
    @inline(__always)
    func isLetter(_ value: UInt32) -> Bool {
        value < Self.limit && entries[Int(value)] != 0
    }

    /// Appends a letter's fold; returns its alphabet and how many letters it appended.
    /// - Precondition: `isLetter(value)`.
    @inline(__always)
    func append(_ value: UInt32, to letters: inout [UInt32]) -> (alphabet: Alphabet, count: Int) {
        let fold = folds[Int(entries[Int(value)]) - 1]
        letters.append(fold.letters.0)
        if fold.count > 1 { letters.append(fold.letters.1) }
        if fold.count > 2 { letters.append(fold.letters.2) }
        return (fold.alphabet, Int(fold.count))
    }

    /// Whether a scalar that is not a letter or digit may stand in fast-path text: spaces and
    /// punctuation that ICU's word rules treat as a break (or, for `'`, `.`, `‘`, `’`, as a joiner
    /// between two letters; `:` is checked apart) and that NFKC folding leaves a break.
    @inline(__always)
    static func isSeparator(_ value: UInt32) -> Bool {
        if value < 0x80 {
            // Every printable ASCII character but letters, digits, the underscore (which joins) and
            // `@` (a letter to ICU's word rules, for e-mail addresses).
            return value >= 0x20 && value != 0x5F && value != 0x40 && value != 0x7F
        }
        switch value {
        case 0xA0, 0xA1, 0xAB, 0xBB, 0xBF, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026: return true
        default: return false
        }
    }

    /// Whether a scalar joins two letters into one word (UAX #29 MidNumLet and Single_Quote).
    @inline(__always)
    static func isJoiner(_ value: UInt32) -> Bool {
        value == 0x27 || value == 0x2E || value == 0x2018 || value == 0x2019
    }
}
