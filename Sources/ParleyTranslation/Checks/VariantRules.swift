internal import Foundation
public import ParleyLanguage

/// What is right and wrong for a language's regions and registers: Latin American Spanish has no
/// vosotros, a contact addressed as usted is not written to with tú.
///
/// Backends that take an instruction (DeepL's formality, OpenAI-compatible models) are told the
/// register; for every backend the translation is checked here, since rule-based engines such as
/// Apertium write Spain's vosotros forms and tú whatever the contact.
///
/// ```swift
/// let rules = VariantRules()
/// let variant = rules.variant(of: LanguageTag("es")!)          // es-419: Latin America by default
/// rules.rewrite("Vuestra cita está confirmada.", for: variant) // "Su cita está confirmada."
/// rules.doubts(in: "¿Podéis venir?", variant: variant, formality: nil)   // a regionalForm doubt
/// ```
public struct VariantRules: Sendable {
    /// The region assumed for a language whose contacts carry none, by language: `es` → `419`
    /// (Latin America), `pt` → `BR`. A business in Spain sets `es` → `ES`.
    public var defaultRegions: [String: String]

    /// - Parameters:
    ///   - defaultRegions: the region assumed for a language without one.
    public init(defaultRegions: [String: String] = ["es": "419", "pt": "BR"]) {
        self.defaultRegions = defaultRegions
    }

    /// The language as the contact reads it: their tag when it names a region, else the
    /// language's default region.
    /// - Parameters:
    ///   - language: the contact's language.
    public func variant(of language: LanguageTag) -> LanguageTag {
        guard Self.region(of: language) == nil, let region = defaultRegions[language.language],
            let tag = LanguageTag("\(language.identifier)-\(region)")
        else { return language }
        return tag
    }

    /// The variant's region subtag (`MX`, `419`), if any.
    static func region(of tag: LanguageTag) -> String? {
        tag.identifier.split(separator: "-").dropFirst().first { $0.count == 2 || ($0.count == 3 && $0.allSatisfy(\.isNumber)) }
            .map { $0.uppercased() }
    }

    /// Whether a Spanish variant is Spain's (the only one with vosotros).
    static func isSpainSpanish(_ variant: LanguageTag) -> Bool {
        region(of: variant).map { $0 == "ES" } ?? true
    }

    /// The translation with forms that have one right equivalent in the variant replaced: for
    /// Spanish outside Spain, the possessive vuestro, vuestra, vuestros, vuestras becomes su, sus.
    /// - Parameters:
    ///   - text: the translation.
    ///   - variant: the contact's variant (``variant(of:)``).
    public func rewrite(_ text: String, for variant: LanguageTag) -> String {
        guard variant.language == "es", !Self.isSpainSpanish(variant) else { return text }
        return Self.replaceWords(in: text, [
            "vuestro": "su", "vuestra": "su", "vuestros": "sus", "vuestras": "sus",
        ])
    }

    /// The doubts a translation raises for the contact's variant and register.
    /// - Parameters:
    ///   - text: the translation, after ``rewrite(_:for:)``.
    ///   - variant: the contact's variant.
    ///   - formality: how the contact is addressed; nil when nobody said.
    public func doubts(in text: String, variant: LanguageTag, formality: TranslationOptions.Formality?) -> [PipelineWarning] {
        var doubts: [PipelineWarning] = []
        let words = Self.words(in: text)
        if variant.language == "es", !Self.isSpainSpanish(variant) {
            let found = words.filter { word in
                let lower = word.lowercased()
                return ["vosotros", "vosotras", "os", "vuestro", "vuestra", "vuestros", "vuestras", "sois"].contains(lower)
                    || (lower.count > 3 && (lower.hasSuffix("áis") || lower.hasSuffix("éis")))
            }
            if !found.isEmpty {
                doubts.append(PipelineWarning(
                    .regionalForm,
                    "The Spanish uses Spain's vosotros forms (\(Self.list(found))), which read as foreign to a Latin American contact; reword the reply or check it."))
            }
        }
        if let formality, let markers = Self.registerMarkers[variant.language]?[formality] {
            let found = words.filter { markers.contains($0.lowercased()) }
            if !found.isEmpty {
                let wanted = formality == .formal ? "formally" : "informally"
                doubts.append(PipelineWarning(
                    .register,
                    "The contact is addressed \(wanted), but the translation says \(Self.list(found)); reword the reply or check it."))
            }
        }
        return doubts
    }

    /// Words that address the contact in the other register, by language and the register wanted.
    static let registerMarkers: [String: [TranslationOptions.Formality: Set<String>]] = [
        "es": [.formal: ["tú", "tu", "tus", "te", "ti", "contigo", "tuyo", "tuya"], .informal: ["usted"]],
        "pt": [.formal: ["tu", "te", "ti", "contigo", "teu", "tua", "teus", "tuas"]],
        "fr": [.formal: ["tu", "te", "toi", "ton", "ta", "tes"], .informal: []],
        "de": [.formal: ["du", "dich", "dir", "dein", "deine", "deinen", "deinem", "deiner", "deines"]],
        "it": [.formal: ["tu", "ti", "tuo", "tua", "tuoi", "tue"]],
    ]

    static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isLetter {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static func list(_ words: [String]) -> String {
        var seen: [String] = []
        for word in words where !seen.contains(word) { seen.append(word) }
        return seen.prefix(4).map { "“\($0)”" }.joined(separator: ", ")
    }

    /// Replaces whole words (any case; the first letter's case kept).
    static func replaceWords(in text: String, _ table: [String: String]) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var word = ""
        func flush() {
            if let replacement = table[word.lowercased()] {
                if let first = word.first, first.isUppercase {
                    output += replacement.prefix(1).uppercased() + replacement.dropFirst()
                } else {
                    output += replacement
                }
            } else {
                output += word
            }
            word = ""
        }
        for character in text {
            if character.isLetter {
                word.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }
}
