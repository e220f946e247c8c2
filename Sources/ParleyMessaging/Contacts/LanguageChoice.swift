internal import Foundation
public import ParleyLanguage

/// A language a rep can pick for a contact, by name: "Spanish", "Spanish (Mexico)", "Chinese
/// (Simplified)".
public struct LanguageChoice: Sendable, Hashable, Encodable {
    /// The tag stored for the contact, e.g. `es-MX`.
    public var tag: LanguageTag
    /// Its English name, as reps read it.
    public var name: String
    /// Whether this service's translation engine translates the reps' language into it; unknown
    /// (the engine does not say, or did not answer) counts as true, so an engine that is down
    /// never blocks a choice.
    public var translatable: Bool

    /// - Parameters:
    ///   - tag: the tag stored for the contact.
    ///   - name: its English name.
    ///   - translatable: whether replies can be translated into it.
    public init(tag: LanguageTag, name: String, translatable: Bool) {
        self.tag = tag
        self.name = name
        self.translatable = translatable
    }

    /// Every language Parley offers, by name: the languages it detects and the regions whose
    /// wording differs (Mexico's and Spain's Spanish, Brazil's and Portugal's Portuguese, Canada's
    /// French). `translatable` is true here; ``Messaging/languages()`` says what the engine does.
    public static let catalog: [LanguageChoice] = {
        let regions: [(String, String)] = [
            ("es-MX", "Spanish (Mexico)"), ("es-ES", "Spanish (Spain)"), ("es-US", "Spanish (United States)"),
            ("pt-BR", "Portuguese (Brazil)"), ("pt-PT", "Portuguese (Portugal)"), ("fr-CA", "French (Canada)"),
        ]
        var choices = SupportedLanguage.all.map { LanguageChoice(tag: $0.tag, name: $0.name, translatable: true) }
        for (identifier, name) in regions {
            if let tag = LanguageTag(identifier) { choices.append(LanguageChoice(tag: tag, name: name, translatable: true)) }
        }
        return choices.sorted { $0.name < $1.name }
    }()

    /// The catalog's choice a text names: its tag (`es-MX`, `ES_mx`) or its name, ignoring case
    /// and accents (`spanish`, `Spanish (Mexico)`); nil for anything else.
    public static func named(_ text: String) -> LanguageChoice? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let folded = fold(trimmed)
        if let byName = catalog.first(where: { fold($0.name) == folded }) { return byName }
        guard let tag = LanguageTag(trimmed), !tag.isUndetermined else { return nil }
        if let exact = catalog.first(where: { $0.tag == tag }) { return exact }
        // Another region of a language Parley knows (`es-AR`, `zh-TW`): that tag, by its language's name.
        guard let known = SupportedLanguage.matching(tag) else { return nil }
        return LanguageChoice(tag: tag, name: "\(known.name) (\(tag.identifier))", translatable: true)
    }

    private static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
