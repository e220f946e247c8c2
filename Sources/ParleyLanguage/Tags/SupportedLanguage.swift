/// A language Parley detects, with what decides it.
public struct SupportedLanguage: Sendable, Hashable {
    /// The tag Parley reports, e.g. `es`, `zh-Hant`.
    public let tag: LanguageTag
    /// The language's English name.
    public let name: String
    /// The scripts its text is written in.
    public let scripts: Set<Script>
    /// The class in the statistical model that scores it (`zh` for both Chinese scripts); nil when its
    /// script alone decides (Hangul → ko, Ethiopic → am, Devanagari → hi).
    let modelClass: String?

    init(_ identifier: String, _ name: String, _ scripts: Set<Script>, model modelClass: String?) {
        tag = LanguageTag(uncheckedIdentifier: identifier)
        self.name = name
        self.scripts = scripts
        self.modelClass = modelClass
    }

    /// Every language Parley detects.
    public static let all: [SupportedLanguage] = [
        SupportedLanguage("en", "English", [.latin], model: "en"),
        SupportedLanguage("es", "Spanish", [.latin], model: "es"),
        SupportedLanguage("zh-Hans", "Chinese (Simplified)", [.han], model: "zh"),
        SupportedLanguage("zh-Hant", "Chinese (Traditional)", [.han], model: "zh"),
        SupportedLanguage("vi", "Vietnamese", [.latin], model: "vi"),
        SupportedLanguage("tl", "Tagalog", [.latin], model: "tl"),
        SupportedLanguage("ko", "Korean", [.hangul], model: nil),
        SupportedLanguage("ar", "Arabic", [.arabic], model: "ar"),
        SupportedLanguage("ru", "Russian", [.cyrillic], model: "ru"),
        SupportedLanguage("ht", "Haitian Creole", [.latin], model: "ht"),
        SupportedLanguage("pt", "Portuguese", [.latin], model: "pt"),
        SupportedLanguage("fr", "French", [.latin], model: "fr"),
        SupportedLanguage("de", "German", [.latin], model: "de"),
        SupportedLanguage("it", "Italian", [.latin], model: "it"),
        SupportedLanguage("ja", "Japanese", [.han, .hiragana, .katakana], model: "ja"),
        SupportedLanguage("hi", "Hindi", [.devanagari], model: nil),
        SupportedLanguage("pl", "Polish", [.latin], model: "pl"),
        SupportedLanguage("uk", "Ukrainian", [.cyrillic], model: "uk"),
        SupportedLanguage("fa", "Persian", [.arabic], model: "fa"),
        SupportedLanguage("so", "Somali", [.latin], model: "so"),
        SupportedLanguage("am", "Amharic", [.ethiopic], model: nil),
    ]

    /// The supported language a tag names, if any: `es-MX` → `es`, `zh-TW` → `zh-Hant`,
    /// `zh` → `zh-Hans`, `fil` → `tl`, `pt-BR` → `pt`.
    public static func matching(_ tag: LanguageTag) -> SupportedLanguage? {
        if let exact = all.first(where: { $0.tag == tag }) { return exact }
        let language = tag.language == "fil" ? "tl" : tag.language
        let candidates = all.filter { $0.tag.language == language }
        if candidates.count <= 1 { return candidates.first }
        // Several scripts (Chinese): ask ICU for the likely script of the tag.
        let maximized = ICU.maximizedLanguageTag(tag.identifier) ?? tag.identifier
        let subtags = maximized.split(separator: "-").map(String.init)
        return candidates.first { candidate in
            candidate.tag.identifier.split(separator: "-").dropFirst().allSatisfy { subtags.contains(String($0)) }
        } ?? candidates.first
    }

    /// The supported language with this tag's text (`"zh-TW"`), if any.
    public static func matching(_ text: String) -> SupportedLanguage? {
        LanguageTag(text).flatMap(matching)
    }
}
