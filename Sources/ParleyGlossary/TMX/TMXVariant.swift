public import ParleyLanguage

/// One language's segment of a TMX unit (`<tuv>`).
public struct TMXVariant: Sendable, Hashable {
    /// A piece of a segment.
    public enum Part: Sendable, Hashable {
        /// Text to translate.
        case text(String)
        /// Native markup or a placeholder of the original format, which is not translated: the
        /// content of an inline `<ph>`, `<bpt>`, `<ept>`, `<it>` or `<ut>`.
        case code(String)
    }

    /// The language as the file writes it in `xml:lang` (or TMX 1.1's `lang`), e.g. `es-MX`.
    public var language: String
    /// The segment: text with the codes between it, adjacent texts joined.
    public var segment: [Part]
    /// The variant's `<prop>` elements.
    public var properties: [TMXProperty]
    /// The variant's `<note>` elements.
    public var notes: [String]

    /// - Parameters:
    ///   - language: the language code, e.g. `es`.
    ///   - segment: the segment's parts.
    ///   - properties: the `<prop>` elements.
    ///   - notes: the `<note>` elements.
    public init(language: String, segment: [Part], properties: [TMXProperty] = [], notes: [String] = []) {
        self.language = language
        self.segment = segment
        self.properties = properties
        self.notes = notes
    }

    /// A variant whose segment is plain text.
    /// - Parameters:
    ///   - language: the language code, e.g. `es`.
    ///   - text: the segment.
    public init(language: String, text: String) {
        self.init(language: language, segment: text.isEmpty ? [] : [.text(text)])
    }

    /// The segment as one string: its texts and codes joined.
    public var text: String {
        segment.map { part in
            switch part {
            case .text(let text), .code(let text): text
            }
        }.joined()
    }

    /// The language as a BCP 47 tag, if the code is one.
    public var languageTag: LanguageTag? { LanguageTag(language) }
}
