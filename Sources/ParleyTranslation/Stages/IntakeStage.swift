internal import ParleyLanguage

/// The first stage of the pipeline: turns an inbound message body into text later stages can trust,
/// without ever losing what was received.
///
/// ```swift
/// let intake = IntakeStage()
/// let result = try intake.process(utf8: webhookBodyBytes)
/// result.original   // exactly what arrived (decoded, nothing else)
/// result.text       // NFC, controls and bidi overrides neutralized
/// result.issues     // what was changed, for the audit record
/// ```
///
/// The rules, in order:
/// 1. **UTF-8.** Bytes must be well-formed UTF-8 (Unicode Table 3-7: no overlongs, surrogates, or
///    values above U+10FFFF). An ill-formed sequence is an ``IntakeError`` naming its byte offset;
///    nothing is ever replaced with U+FFFD. A `String` is already valid and is taken as is.
/// 2. **Neutralization** (only in ``IntakeResult/text``; ``IntakeResult/original`` keeps everything):
///    - Line breaks CR LF, CR, NEL (U+0085), LINE SEPARATOR and PARAGRAPH SEPARATOR become LF.
///    - Other control characters (C0 except tab and LF, DEL, C1) are **replaced by a space**, so
///      the words on either side stay apart.
///    - Bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) are **removed**: they
///      are invisible, and removing them cannot join two words.
///    - Invisible format characters are **removed**: ZERO WIDTH SPACE, WORD JOINER, U+FEFF (BOM),
///      SOFT HYPHEN, MONGOLIAN VOWEL SEPARATOR, invisible operators U+2061–U+2064, deprecated
///      format characters U+206A–U+206F and interlinear annotation characters U+FFF9–U+FFFB.
///    - ZERO WIDTH JOINER and NON-JOINER are **kept where they mean something**: ZWJ between two
///      emoji (`👩‍💻`, `🏳️‍🌈`, skin-tone sequences), and either one between letters of a script that
///      shapes with them (Arabic and Persian, Devanagari and the other Indic scripts). Anywhere else
///      (edges, next to spaces, between Latin letters) they are removed.
///    - Tag characters (U+E0020–U+E007F) are kept only inside an emoji flag tag sequence (🏴 + tags
///      + CANCEL TAG, e.g. 🏴󠁧󠁢󠁳󠁣󠁴󠁿). Elsewhere they are invisible ASCII look-alikes that can smuggle
///      text past a reader (e.g. instructions to an LLM backend), and they are removed.
/// 3. **NFC** normalization of the text.
/// 4. **Length.** The text may be at most ``Configuration/maximumLength`` characters (grapheme
///    clusters, as a person counts them: `👩‍💻` is one). A longer text is an ``IntakeError``; it is
///    never truncated.
///
/// An empty or blank body (an MMS with only a picture, or only invisible characters) is not an
/// error: the result has ``IntakeResult/hasContent`` false and an ``IntakeIssue/Kind/empty`` issue.
public struct IntakeStage: Sendable {
    /// What the stage accepts.
    public struct Configuration: Sendable, Hashable {
        /// The longest text accepted, in characters (grapheme clusters) of the neutralized text.
        /// The default, 1,600, is about 10 GSM-7 SMS segments (the most Telnyx sends as one message).
        public var maximumLength: Int

        /// - Parameters:
        ///   - maximumLength: The longest text accepted, in characters; default 1,600.
        public init(maximumLength: Int = 1600) {
            self.maximumLength = maximumLength
        }
    }

    /// What the stage accepts.
    public var configuration: Configuration

    /// - Parameters:
    ///   - configuration: What the stage accepts; the default allows 1,600 characters.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// Decodes a message body received as bytes, then processes it as ``process(_:)`` does.
    ///
    /// - Parameters:
    ///   - bytes: The body as it arrived, which must be UTF-8.
    /// - Throws: ``IntakeError/Code/invalidUTF8`` with the byte offset of the first ill-formed
    ///   sequence, or ``IntakeError/Code/tooLong``.
    public func process(utf8 bytes: some Collection<UInt8>) throws(IntakeError) -> IntakeResult {
        let bytes = Array(bytes)
        if let failure = Self.firstIllFormedSequence(in: bytes) {
            throw IntakeError.invalidUTF8(at: failure.offset, bytes: failure.bytes, reason: failure.reason)
        }
        return try process(String(decoding: bytes, as: UTF8.self))
    }

    /// Processes a message body that is already a string.
    ///
    /// - Parameters:
    ///   - original: The body as received.
    /// - Throws: ``IntakeError/Code/tooLong`` when the neutralized text is longer than
    ///   ``Configuration/maximumLength``.
    public func process(_ original: String) throws(IntakeError) -> IntakeResult {
        var issues: [IntakeIssue] = []
        let neutralized = Self.neutralize(original, issues: &issues)
        let text = ICU.nfc(neutralized)
        // `String ==` is canonical equivalence, so compare the scalars.
        if !text.unicodeScalars.elementsEqual(neutralized.unicodeScalars) {
            issues.append(
                IntakeIssue(
                    kind: .normalized, count: 1, codePoints: [],
                    message: "The text was normalized to Unicode NFC (composed accents); the original keeps its form."
                ))
        }
        let length = text.count
        guard length <= configuration.maximumLength else {
            throw IntakeError.tooLong(length: length, limit: configuration.maximumLength)
        }
        let hasContent = text.unicodeScalars.contains { !$0.properties.isWhitespace }
        if !hasContent {
            let message =
                original.isEmpty
                ? "The message is empty (e.g. an MMS with only media): there is nothing to translate."
                : "The message holds only whitespace or invisible characters: there is nothing to translate."
            issues.append(IntakeIssue(kind: .empty, count: 0, codePoints: [], message: message))
        }
        return IntakeResult(original: original, text: text, issues: issues, length: length, hasContent: hasContent)
    }
}

// MARK: - Neutralization

extension IntakeStage {
    private enum Action {
        case keep
        case replaceWithSpace
        case remove(IntakeIssue.Kind)
        case lineFeed
    }

    /// Bidi embedding, override, isolate and mark characters.
    static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0x200E || value == 0x200F || value == 0x061C
    }

    /// Invisible format characters that carry no meaning in a text message.
    static func isInvisibleFormat(_ value: UInt32) -> Bool {
        switch value {
        case 0x200B, 0x2060, 0xFEFF, 0x00AD, 0x180E, 0x2061...0x2064, 0x206A...0x206F, 0xFFF9...0xFFFB: true
        default: false
        }
    }

    /// C0 (except tab, LF and CR), DEL, and C1 (except NEL) controls.
    static func isOtherControl(_ value: UInt32) -> Bool {
        (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0x7F
            || ((0x80...0x9F).contains(value) && value != 0x85)
    }

    /// A scalar that can precede a ZWJ inside an emoji sequence.
    private static func endsEmoji(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return (properties.isEmoji && !scalar.isASCII) || properties.isEmojiModifier || scalar.value == 0xFE0F
            || scalar.value == 0x20E3
    }

    /// A scalar that can follow a ZWJ inside an emoji sequence.
    private static func startsEmoji(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isEmoji && !scalar.isASCII
    }

    private static func isLetterOrMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark:
            true
        default: false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// Scripts in which ZWJ and ZWNJ change how letters join or form conjuncts.
    private static func shapesWithJoiners(_ script: Script) -> Bool {
        switch script {
        case .arabic, .devanagari, .other: true
        default: false
        }
    }

    /// The text with controls, bidi controls and stray invisible characters neutralized; each kind of
    /// change is reported once in `issues`.
    static func neutralize(_ original: String, issues: inout [IntakeIssue]) -> String {
        let scalars = Array(original.unicodeScalars)
        var output = String.UnicodeScalarView()
        var counts: [IntakeIssue.Kind: Int] = [:]
        var codePoints: [IntakeIssue.Kind: [String]] = [:]
        var order: [IntakeIssue.Kind] = []
        func note(_ kind: IntakeIssue.Kind, _ scalar: Unicode.Scalar) {
            if counts[kind] == nil { order.append(kind) }
            counts[kind, default: 0] += 1
            let code = IntakeIssue.codePoint(scalar)
            if !(codePoints[kind, default: []].contains(code)) { codePoints[kind, default: []].append(code) }
        }

        var lastBase: Unicode.Scalar?  // the last kept scalar that is not a combining mark
        var tagSequenceEnd = -1  // index of the CANCEL TAG closing a valid emoji tag sequence
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            let action: Action
            switch value {
            case 0x0D:
                if next == "\n" {
                    note(.lineBreaks, scalar)
                    action = .remove(.lineBreaks)
                } else {
                    action = .lineFeed
                }
            case 0x85, 0x2028, 0x2029:
                action = .lineFeed
            case _ where isOtherControl(value):
                action = .replaceWithSpace
            case _ where isBidiControl(value):
                action = .remove(.bidiControls)
            case _ where isInvisibleFormat(value):
                action = .remove(.invisibleCharacters)
            case 0x200C, 0x200D:
                var keep = false
                if let previous = output.last, let next {
                    if value == 0x200D, endsEmoji(previous), startsEmoji(next) {
                        keep = true
                    } else if isLetterOrMark(previous), isLetterOrMark(next), let lastBase,
                        shapesWithJoiners(Script(of: lastBase))
                    {
                        keep = true
                    }
                }
                action = keep ? .keep : .remove(.invisibleCharacters)
            case 0x1F3F4:
                // 🏴 may open a tag sequence (subdivision flags): tags E0020–E007E, then CANCEL TAG.
                var end = index + 1
                while end < scalars.count, (0xE0020...0xE007E).contains(scalars[end].value) { end += 1 }
                if end > index + 1, end < scalars.count, scalars[end].value == 0xE007F { tagSequenceEnd = end }
                action = .keep
            case 0xE0000...0xE007F:
                action = index <= tagSequenceEnd ? .keep : .remove(.hiddenTagCharacters)
            default:
                action = .keep
            }

            switch action {
            case .keep:
                output.append(scalar)
                if !isMark(scalar), value != 0x200C, value != 0x200D { lastBase = scalar }
            case .replaceWithSpace:
                note(.controlCharacters, scalar)
                output.append(" ")
                lastBase = " "
            case .lineFeed:
                note(.lineBreaks, scalar)
                output.append("\n")
                lastBase = "\n"
            case .remove(let kind):
                if kind != .lineBreaks { note(kind, scalar) }
            }
        }

        for kind in order {
            let count = counts[kind] ?? 0
            let points = codePoints[kind] ?? []
            issues.append(
                IntakeIssue(kind: kind, count: count, codePoints: points, message: kind.message(count: count, points))
            )
        }
        return String(output)
    }
}

// MARK: - UTF-8 validation

extension IntakeStage {
    /// The first ill-formed UTF-8 sequence in `bytes` (Unicode Table 3-7), if any: where it starts,
    /// its bytes, and why it is ill-formed.
    static func firstIllFormedSequence(in bytes: [UInt8]) -> (offset: Int, bytes: [UInt8], reason: String)? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0x80...0xBF:
                return (index, [lead], "a continuation byte cannot start a character")
            case 0xC0, 0xC1:
                return (index, [lead], "0x\(hex(lead)) would start an overlong encoding and never appears in UTF-8")
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED:
                length = 3
                secondRange = 0x80...0x9F
            case 0xF0:
                length = 4
                secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                secondRange = 0x80...0x8F
            default:
                return (index, [lead], "0x\(hex(lead)) never appears in UTF-8")
            }
            for position in 1..<length {
                guard index + position < count else {
                    return (
                        index, Array(bytes[index..<count]),
                        "the message ends in the middle of a \(length)-byte character"
                    )
                }
                let byte = bytes[index + position]
                let range = position == 1 ? secondRange : 0x80...0xBF
                guard range.contains(byte) else {
                    let reason =
                        position == 1 && (0x80...0xBF).contains(byte)
                        ? "0x\(hex(lead)) 0x\(hex(byte)) is an overlong form, a UTF-16 surrogate or beyond U+10FFFF"
                        : "0x\(hex(lead)) starts a \(length)-byte character but byte \(index + position) is 0x\(hex(byte))"
                    return (index, Array(bytes[index...(index + position)]), reason)
                }
            }
            index += length
        }
        return nil
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0" + digits : digits
    }
}

/// What ``IntakeStage`` produced from a message body.
public struct IntakeResult: Sendable, Hashable {
    /// The body exactly as received, after UTF-8 decoding: keep it for the audit record and for
    /// showing the contact's own words.
    public var original: String
    /// The text later stages work on: NFC, line breaks as LF, controls and bidi controls neutralized.
    public var text: String
    /// What was changed or noticed, one entry per kind, in the order first met.
    public var issues: [IntakeIssue]
    /// The length of ``text`` in characters (grapheme clusters).
    public var length: Int
    /// Whether ``text`` has anything but whitespace; false for an empty or blank body.
    public var hasContent: Bool

    /// - Parameters:
    ///   - original: The body as received.
    ///   - text: The neutralized, normalized text.
    ///   - issues: What was changed or noticed.
    ///   - length: The length of `text` in characters.
    ///   - hasContent: Whether `text` has anything but whitespace.
    public init(original: String, text: String, issues: [IntakeIssue], length: Int, hasContent: Bool) {
        self.original = original
        self.text = text
        self.issues = issues
        self.length = length
        self.hasContent = hasContent
    }

    /// The issue of a kind, if there was one.
    ///
    /// - Parameters:
    ///   - kind: The kind of issue.
    public func issue(_ kind: IntakeIssue.Kind) -> IntakeIssue? {
        issues.first { $0.kind == kind }
    }
}

/// Something ``IntakeStage`` changed in (or noticed about) a message's text; the original is untouched.
public struct IntakeIssue: Sendable, Hashable {
    /// The kinds of change.
    public enum Kind: String, Sendable, Hashable {
        /// Control characters (C0 other than tab and line breaks, DEL, C1) were replaced by spaces.
        case controlCharacters
        /// Bidi controls (embeddings, overrides, isolates, LRM/RLM/ALM) were removed.
        case bidiControls
        /// Zero-width and other invisible format characters were removed (joiners outside emoji
        /// sequences and joining scripts, ZWSP, BOM, soft hyphen, …).
        case invisibleCharacters
        /// Tag characters outside an emoji flag sequence (invisible ASCII look-alikes) were removed.
        case hiddenTagCharacters
        /// CR LF, CR, NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR became LF.
        case lineBreaks
        /// NFC normalization changed the text.
        case normalized
        /// The body is empty or holds only whitespace and invisible characters.
        case empty

        func message(count: Int, _ codePoints: [String]) -> String {
            let list = codePoints.prefix(8).joined(separator: ", ") + (codePoints.count > 8 ? ", …" : "")
            switch self {
            case .controlCharacters:
                return "Replaced \(count) control character(s) (\(list)) with spaces; the original keeps them."
            case .bidiControls:
                return "Removed \(count) bidirectional control character(s) (\(list)), which can reorder "
                    + "how text is displayed; the original keeps them."
            case .invisibleCharacters:
                return "Removed \(count) invisible character(s) (\(list)); the original keeps them."
            case .hiddenTagCharacters:
                return "Removed \(count) Unicode tag character(s), which can hide text from a reader "
                    + "(possible prompt injection); review the original."
            case .lineBreaks:
                return "Changed \(count) line break(s) (\(list)) to LF."
            case .normalized:
                return "The text was normalized to Unicode NFC."
            case .empty:
                return "There is nothing to translate."
            }
        }
    }

    /// The kind of change.
    public var kind: Kind
    /// How many characters it concerned.
    public var count: Int
    /// The distinct code points concerned, e.g. `U+202E`.
    public var codePoints: [String]
    /// What happened, for a person.
    public var message: String

    /// - Parameters:
    ///   - kind: The kind of change.
    ///   - count: How many characters it concerned.
    ///   - codePoints: The distinct code points concerned.
    ///   - message: What happened, for a person.
    public init(kind: Kind, count: Int, codePoints: [String], message: String) {
        self.kind = kind
        self.count = count
        self.codePoints = codePoints
        self.message = message
    }

    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// A message body ``IntakeStage`` refused, with what went wrong and what to do.
///
/// Messages never quote the body itself (it may hold personal data).
public struct IntakeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure it was. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Internal: String { case invalidUTF8, tooLong }
        private let value: Internal

        /// The bytes are not well-formed UTF-8.
        public static var invalidUTF8: Self { .init(value: .invalidUTF8) }
        /// The text is longer than the configured limit.
        public static var tooLong: Self { .init(value: .tooLong) }

        public var description: String { value.rawValue }
    }

    /// What kind of failure it was.
    public var code: Code
    /// What went wrong and what to do.
    public var message: String
    /// For ``Code/invalidUTF8``: the offset of the first byte of the ill-formed sequence.
    public var byteOffset: Int?
    /// For ``Code/tooLong``: the text's length in characters.
    public var length: Int?
    /// For ``Code/tooLong``: the limit in characters.
    public var limit: Int?

    /// - Parameters:
    ///   - code: What kind of failure it was.
    ///   - message: What went wrong and what to do.
    ///   - byteOffset: Where the ill-formed UTF-8 starts.
    ///   - length: The text's length in characters.
    ///   - limit: The limit in characters.
    public init(_ code: Code, message: String, byteOffset: Int? = nil, length: Int? = nil, limit: Int? = nil) {
        self.code = code
        self.message = message
        self.byteOffset = byteOffset
        self.length = length
        self.limit = limit
    }

    static func invalidUTF8(at offset: Int, bytes: [UInt8], reason: String) -> Self {
        let shown = bytes.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
        return IntakeError(
            .invalidUTF8,
            message: "The message is not valid UTF-8 at byte offset \(offset) (\(shown)): \(reason). "
                + "Nothing was replaced or translated. Check the character set the SMS provider or webhook "
                + "delivers (it may be Latin-1 or UTF-16) and decode it to UTF-8 before intake.",
            byteOffset: offset)
    }

    static func tooLong(length: Int, limit: Int) -> Self {
        IntakeError(
            .tooLong,
            message: "The message is \(length) characters long, over the limit of \(limit) characters "
                + "(about \(max(1, limit / 160)) SMS segments). Nothing was truncated or translated. "
                + "Ask the sender to split it, or raise IntakeStage.Configuration.maximumLength.",
            length: length, limit: limit)
    }

    public var description: String { "intake: \(code): \(message)" }
}
