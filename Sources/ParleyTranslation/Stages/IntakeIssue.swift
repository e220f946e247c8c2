internal import ParleyLanguage

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
