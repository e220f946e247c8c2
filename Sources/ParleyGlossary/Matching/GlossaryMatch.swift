public import ParleyLanguage

/// A glossary term found in a message.
public struct GlossaryMatch: Sendable, Hashable {
    /// Where the term stands in the message.
    public var range: Range<String.Index>
    /// The same place in UTF-16 code units (for JSON and JavaScript clients).
    public var utf16Range: Range<Int>
    /// The text as the message writes it.
    public var text: String
    /// The glossary term that matched.
    public var term: Term
    /// The language of the matched term.
    public var language: LanguageTag
    /// The concept the term names.
    public var concept: Concept
    /// The glossary the concept belongs to.
    public var industry: String

    /// Whether the span must reach the other side verbatim (a brand or product name).
    public var isDoNotTranslate: Bool { concept.doNotTranslate }

    /// The term to write for this concept in another language: its preferred term there; for a
    /// do-not-translate concept, the text as written.
    public func equivalent(in language: LanguageTag) -> Term? {
        if concept.doNotTranslate { return Term(text, status: .preferred) }
        return concept.preferredTerm(in: language)
    }
}
