internal import ParleyGlossary
internal import ParleyLanguage

/// Stages 4 and 5 for one text and one direction: which spans become placeholders, and what each
/// glossary term becomes in the target language.
///
/// Do-not-translate names, links, e-mail and street addresses, numbers, measures, codes, acronyms,
/// emoji and `{{vars}}` come back byte-exact. Times, dates and durations of an English message come
/// back in the target language's convention (``ExpressionLocalizer``), or as written when it has
/// none. A glossary term comes back as its concept's preferred term in the target language (the
/// substitution around the call), in the term's own case, capitalised only where it starts a
/// sentence. A concept without a target term is left to the backend, with a warning.
struct ProtectionPlan {
    /// The text to protect.
    let text: String
    /// The spans to protect, caller's and detected, unresolved.
    let spans: [ProtectedText.Span]
    /// Target-language terms by the start of their source span.
    private let replacements: [String.Index: String]
    /// Times, dates and durations in the target language's convention, by the start of their span.
    private let localized: [String.Index: String]
    /// Forbidden target-language terms, found in a translation.
    private let targetMatcher: GlossaryMatcher?
    let warnings: [PipelineWarning]
    let termCount: Int
    let finder: SpanFinder
    /// With provider enforcement: the terms left in the text, and what the output must contain.
    let expectedTerms: [(source: String, target: String, concept: String)]

    /// - Parameters:
    ///   - substitute: true to turn terms into placeholders; false to leave them for the
    ///     provider and check the output for them.
    init(text: String, pair: LanguagePair, glossary: GlossarySet?, finder: SpanFinder, substitute: Bool = true) {
        self.text = text
        self.finder = finder
        var extra: [ProtectedText.Span] = []
        var replacements: [String.Index: String] = [:]
        var missing: [String] = []
        var expected: [(source: String, target: String, concept: String)] = []
        if let glossary {
            for match in glossary.matcher(for: pair.source).matches(in: text) {
                if match.isDoNotTranslate {
                    extra.append(ProtectedText.Span(match))
                } else if let term = Self.preferredTerm(of: match.concept, in: pair.target) {
                    if substitute {
                        extra.append(ProtectedText.Span(match))
                        replacements[match.range.lowerBound] = Self.capitalized(
                            term, like: match.text, startsSentence: Self.startsSentence(match.range.lowerBound, in: text))
                    } else {
                        expected.append((match.text, term, match.concept.id))
                    }
                } else if !missing.contains(match.text) {
                    missing.append(match.text)
                }
            }
            targetMatcher = glossary.matcher(for: pair.target)
        } else {
            targetMatcher = nil
        }
        self.spans = finder.spans(in: text, extra: extra)
        var localized: [String.Index: String] = [:]
        if let localizer = ExpressionLocalizer(from: pair.source, to: pair.target) {
            for span in spans where ExpressionLocalizer.kinds.contains(span.kind) {
                localized[span.range.lowerBound] = localizer.localized(String(text[span.range]), as: span.kind)
            }
        }
        self.localized = localized
        self.replacements = replacements
        self.expectedTerms = expected
        self.termCount = replacements.count + expected.count
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

    /// The target-language term for a term entry, the target's rendering of a time, date or
    /// duration; nil (the original, byte-exact) for other spans.
    func replacement(for entry: ProtectedText.Entry) -> String? {
        if entry.kind == .term { return replacements[entry.range.lowerBound] }
        return ExpressionLocalizer.kinds.contains(entry.kind) ? localized[entry.range.lowerBound] : nil
    }

    /// A span's value in the target language: a time, date or duration in the target's convention,
    /// anything else as written.
    func rendering(of span: ProtectedText.Span) -> String {
        if ExpressionLocalizer.kinds.contains(span.kind), let localized = localized[span.range.lowerBound] { return localized }
        return String(text[span.range])
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

    /// The terms to send inline (source as written → target term), for provider enforcement.
    var inlineTerms: [String: String] {
        Dictionary(expectedTerms.map { ($0.source, $0.target) }, uniquingKeysWith: { first, _ in first })
    }

    /// Glossary terms the provider should have written but did not: the concept's term in the
    /// target language (any of its terms, as the glossary's matcher finds them) is not in the output.
    func missingTerms(in output: String) -> [String] {
        guard !expectedTerms.isEmpty, let targetMatcher else { return [] }
        let found = Set(targetMatcher.matches(in: output).map(\.concept.id))
        return expectedTerms.filter { !found.contains($0.concept) }.map {
            "the glossary term “\($0.source)” should be “\($0.target)”, which the translation does not have"
        }
    }

    /// The concept's preferred term in a language, or in its primary language (`es` for `es-MX`).
    static func preferredTerm(of concept: Concept, in language: LanguageTag) -> String? {
        if let term = concept.preferredTerm(in: language) { return term.text }
        guard language.identifier != language.language, let base = LanguageTag(language.language) else { return nil }
        return concept.preferredTerm(in: base)?.text
    }

    /// The target term in its own case, with its first letter upper-cased only when the source term
    /// starts a sentence and starts with a capital ("AC is out" → "Aire acondicionado …", "the AC" →
    /// "el aire acondicionado"). The source's other capitals say nothing about the target: an
    /// acronym ("AC"), a title-cased name ("Heat Pump") or shouting keep the term as the glossary
    /// writes it.
    static func capitalized(_ term: String, like source: String, startsSentence: Bool) -> String {
        guard startsSentence, let first = source.first(where: \.isLetter), first.isUppercase,
              let head = term.first, head.isLowercase
        else { return term }
        return head.uppercased() + term.dropFirst()
    }

    /// Whether a position starts a sentence: only spaces, opening quotes or brackets (`¿`, `¡`, `"`,
    /// `(`) stand between it and the start of the text, a line break or `.`, `!`, `?`, `…`.
    static func startsSentence(_ position: String.Index, in text: String) -> Bool {
        var index = position
        while index > text.startIndex {
            index = text.index(before: index)
            let character = text[index]
            if character.isNewline || ".!?…".contains(character) { return true }
            if character.isWhitespace || "\"'“‘«([¿¡".contains(character) { continue }
            return false
        }
        return true
    }
}
