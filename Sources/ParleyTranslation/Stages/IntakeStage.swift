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
