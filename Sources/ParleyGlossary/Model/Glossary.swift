public import ParleyLanguage

/// One industry's glossary: the concepts its customers and reps text about, with their terms in
/// every language Parley speaks.
///
/// A glossary is a value; every change gives it a new ``version`` (a content hash), so a
/// translation cached under one version is never served for another.
public struct Glossary: Sendable, Hashable, Codable {
    /// The industry (TBX subject field), e.g. `hvac`; also the file name in `glossaries/`.
    public var industry: String
    /// The concepts, in file order.
    public var concepts: [Concept]

    /// - Parameters:
    ///   - industry: the industry, e.g. `hvac`.
    ///   - concepts: the concepts.
    public init(industry: String, concepts: [Concept] = []) {
        self.industry = industry
        self.concepts = concepts
    }

    /// The concept with this id.
    public subscript(conceptID id: String) -> Concept? {
        concepts.first { $0.id == id }
    }

    /// The languages that have at least one term.
    public var languages: [LanguageTag] {
        Set(concepts.flatMap(\.terms.keys)).sorted(by: LanguageTag.glossaryOrder)
    }

    /// The content hash of the glossary: the same content always has the same version.
    ///
    /// Computing it serializes the glossary; keep the value rather than asking again.
    public var version: GlossaryVersion { GlossaryVersion(of: self) }
}

extension LanguageTag {
    /// Glossary order: English first, then by tag.
    static func glossaryOrder(_ lhs: LanguageTag, _ rhs: LanguageTag) -> Bool {
        if lhs.identifier == "en" || rhs.identifier == "en" { return lhs.identifier == "en" && rhs.identifier != "en" }
        return lhs.identifier < rhs.identifier
    }
}
