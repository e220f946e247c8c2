internal import ParleyGlossary
internal import ParleyLanguage

/// Stages 4 and 5 for one text and one direction: which spans become placeholders, and what each
/// glossary term becomes in the target language.
///
/// Do-not-translate names, links, addresses, numbers, emoji and `{{vars}}` come back byte-exact.
/// A glossary term comes back as its concept's preferred term in the target language (the
/// substitution around the call), with the source's capitalization. A concept without a target
/// term is left to the backend, with a warning.
struct ProtectionPlan {
    /// The text to protect.
    let text: String
    /// The spans to protect, caller's and detected, unresolved.
    let spans: [ProtectedText.Span]
    /// Target-language terms by the start of their source span.
    private let replacements: [String.Index: String]
    /// Forbidden target-language terms, found in a translation.
    private let targetMatcher: GlossaryMatcher?
    let warnings: [PipelineWarning]
    let termCount: Int
    let finder: SpanFinder

    init(text: String, pair: LanguagePair, glossary: GlossarySet?, finder: SpanFinder) {
        self.text = text
        self.finder = finder
        var extra: [ProtectedText.Span] = []
        var replacements: [String.Index: String] = [:]
        var missing: [String] = []
        if let glossary {
            for match in glossary.matcher(for: pair.source).matches(in: text) {
                if match.isDoNotTranslate {
                    extra.append(ProtectedText.Span(match))
                } else if let term = Self.preferredTerm(of: match.concept, in: pair.target) {
                    extra.append(ProtectedText.Span(match))
                    replacements[match.range.lowerBound] = Self.capitalized(term, like: match.text)
                } else if !missing.contains(match.text) {
                    missing.append(match.text)
                }
            }
            targetMatcher = glossary.matcher(for: pair.target)
        } else {
            targetMatcher = nil
        }
        self.spans = finder.spans(in: text, extra: extra)
        self.replacements = replacements
        self.termCount = replacements.count
        self.warnings = missing.isEmpty ? [] : [
            PipelineWarning(
                .termNotInGlossary,
                "The glossary has no \(pair.target) term for \(missing.map { "“\($0)”" }.joined(separator: ", ")); the backend chose the words.")
        ]
    }

    /// Spans other than glossary terms.
    var protectedSpanCount: Int { spans.count { $0.kind != .term } }

    /// The text with its spans replaced by placeholders of a style.
    func protect(style: PlaceholderStyle) -> ProtectedText {
        ProtectedText(text: text, spans: spans, style: style)
    }

    /// The target-language term for a term entry; nil (the original, byte-exact) for other spans.
    func replacement(for entry: ProtectedText.Entry) -> String? {
        entry.kind == .term ? replacements[entry.range.lowerBound] : nil
    }

    /// Terms the glossary forbids in the target language that the backend wrote (outside the
    /// placeholders, whose contents come from the message or the glossary).
    func forbiddenTerms(in raw: String) -> [String] {
        guard let targetMatcher else { return [] }
        return targetMatcher.matches(in: raw).filter { $0.term.status == .forbidden && !$0.isDoNotTranslate }.map { match in
            let preferred = Self.preferredTerm(of: match.concept, in: targetMatcher.language).map { " (use “\($0)”)" } ?? ""
            return "the translation uses “\(match.text)”, which the \(match.industry) glossary forbids\(preferred)"
        }
    }

    /// The concept's preferred term in a language, or in its primary language (`es` for `es-MX`).
    static func preferredTerm(of concept: Concept, in language: LanguageTag) -> String? {
        if let term = concept.preferredTerm(in: language) { return term.text }
        guard language.identifier != language.language, let base = LanguageTag(language.language) else { return nil }
        return concept.preferredTerm(in: base)?.text
    }

    /// The term with the first letter upper-cased when the source's was, or all upper-cased when the
    /// source was in capitals.
    static func capitalized(_ term: String, like source: String) -> String {
        let letters = source.filter(\.isLetter)
        guard let first = letters.first, first.isUppercase else { return term }
        if letters.count > 1, letters.allSatisfy(\.isUppercase), term.contains(where: \.isLowercase) {
            return term.uppercased()
        }
        guard let head = term.first, head.isLowercase else { return term }
        return head.uppercased() + term.dropFirst()
    }
}
