public import PropertyBased

/// Generators of hostile input for ``Fuzz``: text that breaks naive code, invalid UTF-8, and
/// byte-level mutations of valid files and bodies (flips, inserts, deletions, duplicated runs,
/// splices of dictionary tokens, truncation).
public enum Hostile {
    /// Text that has broken parsers, encoders and databases somewhere.
    public static let strings: [String] = [
        "", " ", "\t", "\r\n", "\n", "\u{0}", "a\u{0}b", "\u{1}\u{7}\u{1B}[31m", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}",
        "\u{FEFF}", "\u{200B}", "\u{202E}abc", "\u{2066}", "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}", "\u{E000}",
        "e\u{301}", String(repeating: "\u{301}", count: 50), "👨‍👩‍👧‍👦", "🇲🇽", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗", "ﷺ", "ß", "İ", "ǅ",
        "%", "%%", "%0", "%00", "%zz", "%C3", "%FF", "+", "&", "=", "&&", "==", "?", "#", ";", ",", "\"", "'", "`", "\\",
        "\\u0000", "\\ud800", "{{", "}}", "{{name}}", "{{ first_name }}", "[[T1]]", "<", ">", "<script>alert(1)</script>",
        "]]>", "<![CDATA[", "&amp;", "&lt;", "&#0;", "&#x10FFFF;", "&xxe;", "../", "../../etc/passwd", "..%2F..%2F",
        "/", "//", "C:\\", "' OR 1=1 --", "'; DROP TABLE messages; --", "%s%s%s%n", "${jndi:ldap://127.0.0.1/a}",
        "null", "NaN", "Infinity", "-0", "1e999", "-1", "0", "9223372036854775808", "-9223372036854775809",
        "true", "[]", "{}", "+14105550100", "+1 (410) 555-0100", "0044 20 7946 0958", "+", "++1", "+0", "٠١٢٣",
        "１２３", "STOP", "HELP", "UNSUBSCRIBE", "zh-Hant", "und", "x-klingon", "es-419", "EN", "en_US", "qaa", "i-default",
    ]

    /// Byte sequences that are not UTF-8: lone continuation and lead bytes, overlong forms,
    /// surrogates, code points past U+10FFFF, byte-order marks of other encodings.
    public static let invalidUTF8: [[UInt8]] = [
        [0x80], [0xBF], [0xC3], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xFF, 0xFE], [0xFE, 0xFF],
        [0xE2, 0x82], [0xF0, 0x9F, 0x98],
    ]

    /// Hostile text: pieces of ``strings``, random scalars from every plane, and ASCII, joined;
    /// now and then a long run.
    /// - Parameters:
    ///   - pieces: how many pieces at most.
    public static func text(pieces: ClosedRange<Int> = 0...8) -> Generator<String, Shrink.None<String>> {
        Generator { rng in
            var text = ""
            for _ in 0..<Int.random(in: pieces, using: &rng) {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0...3: text += strings.randomElement(using: &rng)!
                case 4...5: text += randomScalars(Int.random(in: 1...8, using: &rng), using: &rng)
                case 6...8: text += String((0..<Int.random(in: 1...12, using: &rng)).map { _ in ascii.randomElement(using: &rng)! })
                default:
                    let piece = strings.randomElement(using: &rng)!
                    text += String(repeating: piece.isEmpty ? "a" : piece, count: Int.random(in: 10...400, using: &rng))
                }
            }
            return text
        }
    }

    /// Bytes: valid seeds mutated 1 to `mutations` times, with dictionary tokens spliced in.
    /// - Parameters:
    ///   - seeds: valid inputs to start from.
    ///   - dictionary: tokens of the format (`<`, `%`, `"`, `&amp;`, …) to insert.
    ///   - mutations: how many mutations at most.
    public static func mutated(
        _ seeds: [[UInt8]], dictionary: [[UInt8]] = [], mutations: ClosedRange<Int> = 1...6
    ) -> Generator<[UInt8], Shrink.None<[UInt8]>> {
        Generator { rng in
            var bytes = seeds.randomElement(using: &rng) ?? []
            for _ in 0..<Int.random(in: mutations, using: &rng) {
                mutate(&bytes, dictionary: dictionary, using: &rng)
            }
            return bytes
        }
    }

    /// Applies one random mutation to bytes.
    /// - Parameters:
    ///   - bytes: the bytes, changed in place.
    ///   - dictionary: tokens to insert or overwrite with.
    ///   - rng: the random number generator.
    public static func mutate(_ bytes: inout [UInt8], dictionary: [[UInt8]], using rng: inout some RandomNumberGenerator) {
        let tokens = dictionary + strings.map { Array($0.utf8) } + invalidUTF8
        let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
        switch Int.random(in: 0..<10, using: &rng) {
        case 0 where !bytes.isEmpty:  // flip bits of a byte
            let index = Int.random(in: 0..<bytes.count, using: &rng)
            bytes[index] ^= UInt8.random(in: 1...255, using: &rng)
        case 1:  // insert random bytes
            bytes.insert(contentsOf: (0..<Int.random(in: 1...4, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: position)
        case 2 where !bytes.isEmpty:  // delete a run
            let length = Int.random(in: 1...min(bytes.count, 64), using: &rng)
            let start = Int.random(in: 0...(bytes.count - length), using: &rng)
            bytes.removeSubrange(start..<(start + length))
        case 3 where !bytes.isEmpty:  // duplicate a run, sometimes many times
            let length = Int.random(in: 1...min(bytes.count, 128), using: &rng)
            let start = Int.random(in: 0...(bytes.count - length), using: &rng)
            let run = bytes[start..<(start + length)]
            let times = Bool.random(using: &rng) ? 1 : Int.random(in: 2...64, using: &rng)
            bytes.insert(contentsOf: Array(repeating: Array(run), count: times).joined(), at: start)
        case 4 where !bytes.isEmpty:  // truncate
            bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &rng)...)
        case 5 where !bytes.isEmpty:  // overwrite with a token
            let token = tokens.randomElement(using: &rng)!
            let start = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.replaceSubrange(start..<min(bytes.count, start + token.count), with: token)
        case 6 where !bytes.isEmpty:  // swap two runs
            let a = Int.random(in: 0..<bytes.count, using: &rng)
            let b = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.swapAt(a, b)
        default:  // insert a token
            bytes.insert(contentsOf: tokens.randomElement(using: &rng)!, at: position)
        }
    }

    /// Random Unicode scalars from every plane, surrogates excluded.
    public static func randomScalars(_ count: Int, using rng: inout some RandomNumberGenerator) -> String {
        var text = ""
        for _ in 0..<count {
            let plane: ClosedRange<UInt32> =
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: 0...0x7F
                case 1: 0x80...0x7FF
                case 2: 0x800...0xFFFF
                case 3: 0x1F300...0x1FAFF
                case 4: 0x10000...0x10FFFF
                default: 0...0x1F
                }
            if let scalar = Unicode.Scalar(UInt32.random(in: plane, using: &rng)) { text.unicodeScalars.append(scalar) }
        }
        return text
    }

    private static let ascii = Array(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~")
}
