/// A BCP 47 language tag, canonicalized by ICU (`ES_mx` → `es-MX`).
///
/// `und` ("undetermined") stands for text that is not in any language, or not in one Parley knows.
public struct LanguageTag: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The canonical tag, e.g. `es`, `zh-Hant`.
    public let identifier: String

    /// Undetermined: no language (e.g. "👍", "12345", a link), or none that Parley supports.
    public static let und = LanguageTag(uncheckedIdentifier: "und")

    /// Parses and canonicalizes a BCP 47 tag; nil when the text is not a well-formed tag.
    public init?(_ text: String) {
        guard let canonical = ICU.canonicalLanguageTag(text) else { return nil }
        identifier = canonical
    }

    init(uncheckedIdentifier: String) {
        identifier = uncheckedIdentifier
    }

    /// The primary language subtag, e.g. `zh` for `zh-Hant-TW`.
    public var language: String {
        identifier.split(separator: "-", maxSplits: 1).first.map(String.init) ?? identifier
    }

    /// Whether this is `und`.
    public var isUndetermined: Bool { identifier == "und" }

    public var description: String { identifier }

    public static func < (lhs: LanguageTag, rhs: LanguageTag) -> Bool { lhs.identifier < rhs.identifier }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let tag = LanguageTag(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a BCP 47 language tag")
        }
        self = tag
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }
}
