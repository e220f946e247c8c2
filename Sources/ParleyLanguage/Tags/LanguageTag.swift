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
        guard let canonical = CanonicalTagMemo.shared.canonical(text, ICU.canonicalLanguageTag) else { return nil }
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

/// The languages Parley supports, as tags that need no parsing: `context: .init(preferredLanguage: .spanish)`.
/// Other tags, and tags with a region (`es-MX`), come from ``LanguageTag/init(_:)``, which returns
/// nil for text that is not a well-formed tag.
extension LanguageTag {
    /// English, `en`.
    public static let english = LanguageTag(uncheckedIdentifier: "en")
    /// Spanish, `es`.
    public static let spanish = LanguageTag(uncheckedIdentifier: "es")
    /// Chinese in simplified characters, `zh-Hans`.
    public static let chineseSimplified = LanguageTag(uncheckedIdentifier: "zh-Hans")
    /// Chinese in traditional characters, `zh-Hant`.
    public static let chineseTraditional = LanguageTag(uncheckedIdentifier: "zh-Hant")
    /// Vietnamese, `vi`.
    public static let vietnamese = LanguageTag(uncheckedIdentifier: "vi")
    /// Tagalog, `tl`.
    public static let tagalog = LanguageTag(uncheckedIdentifier: "tl")
    /// Korean, `ko`.
    public static let korean = LanguageTag(uncheckedIdentifier: "ko")
    /// Arabic, `ar`.
    public static let arabic = LanguageTag(uncheckedIdentifier: "ar")
    /// Russian, `ru`.
    public static let russian = LanguageTag(uncheckedIdentifier: "ru")
    /// Haitian Creole, `ht`.
    public static let haitianCreole = LanguageTag(uncheckedIdentifier: "ht")
    /// Portuguese, `pt`.
    public static let portuguese = LanguageTag(uncheckedIdentifier: "pt")
    /// French, `fr`.
    public static let french = LanguageTag(uncheckedIdentifier: "fr")
    /// German, `de`.
    public static let german = LanguageTag(uncheckedIdentifier: "de")
    /// Italian, `it`.
    public static let italian = LanguageTag(uncheckedIdentifier: "it")
    /// Japanese, `ja`.
    public static let japanese = LanguageTag(uncheckedIdentifier: "ja")
    /// Hindi, `hi`.
    public static let hindi = LanguageTag(uncheckedIdentifier: "hi")
    /// Polish, `pl`.
    public static let polish = LanguageTag(uncheckedIdentifier: "pl")
    /// Ukrainian, `uk`.
    public static let ukrainian = LanguageTag(uncheckedIdentifier: "uk")
    /// Persian, `fa`.
    public static let persian = LanguageTag(uncheckedIdentifier: "fa")
    /// Somali, `so`.
    public static let somali = LanguageTag(uncheckedIdentifier: "so")
    /// Amharic, `am`.
    public static let amharic = LanguageTag(uncheckedIdentifier: "am")
}
