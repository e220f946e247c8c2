/// How the pipeline makes a backend use the glossary's terms.
public enum GlossaryEnforcement: Sendable, Hashable {
    /// Each term becomes a placeholder, restored as the concept's preferred target-language term:
    /// works with every backend, and the term is exact by construction.
    case substitution
    /// The terms stay in the text and the provider applies them: its own glossary for the pair
    /// where there is one (a DeepL glossary id, a Google v3 glossary), and, with `inlineTerms`,
    /// the terms sent with each request (Azure's dynamic dictionary, OpenAI-compatible prompts).
    /// The output is checked for every target term; when one is missing, the message is
    /// translated again with ``substitution``.
    case provider(glossaries: [LanguagePair: String], inlineTerms: Bool)

    /// The provider's glossary and whether terms go inline, for a pair; nil when the provider has
    /// nothing for it (substitution is used then).
    func provider(for pair: LanguagePair) -> (glossary: String?, inlineTerms: Bool)? {
        guard case .provider(let glossaries, let inlineTerms) = self else { return nil }
        let glossary = glossaries[pair]
        guard glossary != nil || inlineTerms else { return nil }
        return (glossary, inlineTerms)
    }
}
