public import ParleyLanguage

/// One idea (e.g. "heat pump") with its terms per language.
public struct Concept: Sendable, Hashable, Codable, Identifiable {
    /// A stable id, `<industry>-<slug>`, e.g. `hvac-heat-pump`.
    public var id: String
    /// The part of speech of the concept's terms.
    public var partOfSpeech: PartOfSpeech?
    /// A short English definition, for admins.
    public var definition: String?
    /// Names that must reach the other side exactly as written (brands, products such as OTTO).
    public var doNotTranslate: Bool
    /// The terms per language; each language has one preferred term.
    public var terms: [LanguageTag: [Term]]

    /// - Parameters:
    ///   - id: the concept's id.
    ///   - partOfSpeech: the part of speech.
    ///   - definition: a short English definition.
    ///   - doNotTranslate: whether the terms are kept verbatim in every language.
    ///   - terms: the terms per language.
    public init(
        id: String,
        partOfSpeech: PartOfSpeech? = nil,
        definition: String? = nil,
        doNotTranslate: Bool = false,
        terms: [LanguageTag: [Term]] = [:]
    ) {
        self.id = id
        self.partOfSpeech = partOfSpeech
        self.definition = definition
        self.doNotTranslate = doNotTranslate
        self.terms = terms
    }

    /// The term to write in a language: its preferred term.
    public func preferredTerm(in language: LanguageTag) -> Term? {
        terms[language]?.first { $0.status == .preferred }
    }

    private enum CodingKeys: String, CodingKey {
        case id, partOfSpeech, definition, doNotTranslate, terms
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        partOfSpeech = try container.decodeIfPresent(PartOfSpeech.self, forKey: .partOfSpeech)
        definition = try container.decodeIfPresent(String.self, forKey: .definition)
        doNotTranslate = try container.decodeIfPresent(Bool.self, forKey: .doNotTranslate) ?? false
        let raw = try container.decodeIfPresent([String: [Term]].self, forKey: .terms) ?? [:]
        var terms: [LanguageTag: [Term]] = [:]
        for (key, value) in raw {
            guard let tag = LanguageTag(key) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .terms, in: container, debugDescription: "'\(key)' is not a BCP 47 language tag")
            }
            terms[tag, default: []].append(contentsOf: value)
        }
        self.terms = terms
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(partOfSpeech, forKey: .partOfSpeech)
        try container.encodeIfPresent(definition, forKey: .definition)
        if doNotTranslate { try container.encode(true, forKey: .doNotTranslate) }
        try container.encode(
            Dictionary(uniqueKeysWithValues: terms.map { ($0.key.identifier, $0.value) }), forKey: .terms)
    }
}

/// The grammatical category of a concept's terms (TBX `partOfSpeech`).
public enum PartOfSpeech: String, Sendable, Hashable, Codable, CaseIterable {
    case noun, verb, adjective, adverb, properNoun, other
}
