internal import ParleyLanguage

/// How an SMS carrier will send a message body: the alphabet, its length in that alphabet's units, and
/// the number of segments (each billed separately).
///
/// A body goes out in the GSM 03.38 default alphabet (GSM-7) when every character is in its basic table
/// or extension table; one character outside both switches the *whole* message to UCS-2. Translation
/// often does this: Spanish `é ñ ü ¿ ¡` are GSM-7, but `á í ó ú` are not.
///
/// ```swift
/// let sms = SMSEncoding("¿Mañana a las 9? 👍")
/// sms.encoding            // .ucs2
/// sms.segments            // 1
/// sms.nonGSMCharacters    // ["👍"]
/// ```
///
/// **Normalization.** The body is measured in Unicode NFC, and ``text`` is that form: send ``text``, not
/// the original string, or the counts may not hold. NFC composes what it can, so `e` + U+0301 counts as
/// the GSM-7 `é`, and canonical singletons fold to table characters (OHM SIGN U+2126 is `Ω`, ANGSTROM SIGN
/// U+212B is `Å`). A character with no precomposed form stays decomposed (`q̃` is `q` + U+0303), and its
/// combining mark is outside GSM-7, so it forces UCS-2. Nothing else is mapped: lookalike substitution
/// (curly quotes to straight, Greek `Α` to Latin `A`) is a separate, deliberate step for the caller.
///
/// **Segments.** A message that fits one SMS (160 septets or 70 UCS-2 units) is one segment. A longer one
/// is concatenated, and each part's User Data Header leaves 153 septets or 67 units. Parts are filled in
/// order and never split an escape pair (GSM-7 extension characters such as `€`) or a UTF-16 surrogate
/// pair: such a character moves whole to the next part. So the count can exceed `units / perSegment`.
public struct SMSEncoding: Sendable, Hashable {
    /// The character set a carrier sends a message in.
    public enum Alphabet: Sendable, Hashable {
        /// The GSM 03.38 default alphabet, 7 bits per character (extension characters take two).
        case gsm7
        /// UCS-2 (in practice UTF-16), 16 bits per code unit.
        case ucs2

        /// Units that fit in a message sent as a single SMS: 160 septets or 70 UCS-2 units.
        public var singleSegmentLimit: Int {
            switch self {
            case .gsm7: 160
            case .ucs2: 70
            }
        }

        /// Units that fit in each part of a concatenated message: 153 septets or 67 UCS-2 units.
        public var concatenatedSegmentLimit: Int {
            switch self {
            case .gsm7: 153
            case .ucs2: 67
            }
        }
    }

    /// The body as measured, in Unicode NFC; the text to send.
    public let text: String
    /// The alphabet the message is sent in.
    public let encoding: Alphabet
    /// The message length: septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2.
    public let units: Int
    /// The number of SMS segments billed; 0 for an empty body.
    public let segments: Int
    /// The units that fit in one segment at this length: the single-SMS limit up to one segment, the
    /// concatenated limit beyond.
    public let perSegment: Int
    /// The units still free in the last segment before another one is needed (the whole limit when empty).
    ///
    /// An extension character or a surrogate pair needs 2 free units; with 1 left it starts a new segment.
    public let remainingInLastSegment: Int
    /// The characters outside GSM-7 that force UCS-2, each listed once, in order of first appearance;
    /// empty for a GSM-7 message.
    ///
    /// These are the grapheme clusters of ``text`` that contain a scalar outside the GSM 03.38 tables, so
    /// `👍🏽` is listed as one character and a lone combining mark stays with the letter it decorates.
    public let nonGSMCharacters: [Character]

    /// The encoding of a message body.
    /// - Parameters:
    ///   - body: The message as it would be sent; it is measured (and returned in ``text``) in NFC.
    public init(_ body: String) {
        let text = body.isEmpty ? body : ICU.nfc(body)
        var septets = 0
        var utf16Units = 0
        var isGSM = true
        for scalar in text.unicodeScalars {
            utf16Units += UTF16.width(scalar)
            if isGSM {
                if let cost = Self.septets(scalar) {
                    septets += cost
                } else {
                    isGSM = false
                }
            }
        }
        let alphabet: Alphabet = isGSM ? .gsm7 : .ucs2
        let units = isGSM ? septets : utf16Units

        self.text = text
        self.encoding = alphabet
        self.units = units
        if units <= alphabet.singleSegmentLimit {
            segments = units == 0 ? 0 : 1
            perSegment = alphabet.singleSegmentLimit
            remainingInLastSegment = alphabet.singleSegmentLimit - units
        } else {
            let limit = alphabet.concatenatedSegmentLimit
            var count = 1
            var used = 0
            for scalar in text.unicodeScalars {
                let cost = isGSM ? Self.septets(scalar) ?? 1 : UTF16.width(scalar)
                if used + cost > limit {
                    count += 1
                    used = 0
                }
                used += cost
            }
            segments = count
            perSegment = limit
            remainingInLastSegment = limit - used
        }
        nonGSMCharacters = isGSM ? [] : Self.nonGSMCharacters(in: text)
    }

    /// The distinct characters of a text that contain a scalar outside GSM-7, in order of first appearance.
    private static func nonGSMCharacters(in text: String) -> [Character] {
        var seen: Set<Character> = []
        var found: [Character] = []
        for character in text where character.unicodeScalars.contains(where: { septets($0) == nil }) {
            if seen.insert(character).inserted { found.append(character) }
        }
        return found
    }

    /// The septets a scalar takes in GSM-7: 1 in the basic table, 2 in the extension table (escape plus
    /// code), nil when it is in neither.
    static func septets(_ scalar: Unicode.Scalar) -> Int? {
        if scalar.value < 0x80 {
            let cost = asciiSeptets[Int(scalar.value)]
            return cost == 0 ? nil : Int(cost)
        }
        if basicTable.contains(scalar) { return 1 }
        if extensionTable.contains(scalar) { return 2 }
        return nil
    }

    /// The GSM 03.38 basic table (3GPP TS 23.038 §6.2.1), as Unicode, in code order 0x00–0x7F. Code
    /// 0x1B is the escape to the extension table and has no character of its own.
    static let basicTable: Set<Unicode.Scalar> = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars
    )

    /// The GSM 03.38 default extension table (3GPP TS 23.038 §6.2.1.1): form feed, `^ { } \ [ ~ ] |` and `€`.
    static let extensionTable: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|€".unicodeScalars)

    /// The septets of each ASCII scalar (0 when not in GSM-7, e.g. the backtick), for a fast common path.
    private static let asciiSeptets: [UInt8] = (0..<0x80).map { value in
        let scalar = Unicode.Scalar(UInt8(value))
        if basicTable.contains(scalar) { return 1 }
        if extensionTable.contains(scalar) { return 2 }
        return 0
    }
}
