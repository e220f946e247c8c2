internal import Foundation
internal import ParleyGlossary
internal import ParleyLanguage

/// A sentence and its wording in another language turned into a translation-memory entry's form:
/// the values found on both sides (a time and its rendering, a price, a link, a code) become the
/// same variables, so the entry serves every message that differs only in them.
///
/// ```swift
/// let form = MemoryForm(source: "Your technician will arrive at 3pm.",
///                       target: "Su técnico llegará a las 3 p. m.", pair: LanguagePair(en, es))
/// form.source  // "Your technician will arrive at {time}."
/// form.target  // "Su técnico llegará a las {time}."
/// ```
///
/// Text already in memory form (`{time}`) keeps its variables. A value the wording does not show
/// (translated differently, or left out) stays as written on both sides, so the entry serves that
/// exact value only.
public struct MemoryForm: Sendable, Hashable {
    /// The sentence, with variables.
    public let source: String
    /// The wording, with the same variables.
    public let target: String
    /// The source normalised for exact matching.
    public var key: String { MemorySegment.key(source) }
    /// The variables, in the source's order.
    public var variables: [String] { MemoryVariable.tokens(in: source).map(\.token) }

    /// - Parameters:
    ///   - source: the sentence in the rep's language.
    ///   - target: its wording in the contact's language.
    ///   - pair: the direction.
    ///   - glossary: the glossaries whose do-not-translate names are values too.
    ///   - finder: what counts as a value.
    public init(source: String, target: String, pair: LanguagePair, glossary: GlossarySet? = nil, finder: SpanFinder = SpanFinder()) {
        let plan = ProtectionPlan(text: source, pair: pair, glossary: glossary, finder: finder, substitute: false)
        var sourceText = ""
        var replacements: [(range: Range<String.Index>, token: String)] = []
        var counts: [MemoryVariable: Int] = [:]
        var cursor = source.startIndex
        for span in plan.spans.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where span.range.lowerBound >= cursor {
            let literal = String(source[span.range])
            let variable: MemoryVariable
            let candidates: [String]
            if let token = MemoryVariable.tokens(in: literal).first, token.token == literal,
                let named = MemoryVariable(rawValue: String(literal.dropFirst().prefix { $0.isLetter }))
            {
                variable = named
                candidates = [literal]
            } else if let kind = MemoryVariable(span.kind) {
                variable = kind
                let rendering = plan.rendering(of: span)
                candidates = rendering == literal ? [literal] : [rendering, literal]
            } else {
                continue
            }
            guard let found = Self.find(candidates, in: target, avoiding: replacements.map(\.range)) else { continue }
            counts[variable, default: 0] += 1
            var token = variable.token(counts[variable]!)
            sourceText += source[cursor..<span.range.lowerBound]
            sourceText += token
            cursor = span.range.upperBound
            // "at 3:00 PM." → "a las 3:00 p. m.": the abbreviation's period is the sentence's too.
            if target[found].hasSuffix("."), cursor < source.endIndex, source[cursor] == ".",
                found.upperBound == target.endIndex || target[found.upperBound] != "."
            {
                token += "."
            }
            replacements.append((found, token))
        }
        sourceText += source[cursor...]
        var targetText = ""
        var targetCursor = target.startIndex
        for replacement in replacements.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            targetText += target[targetCursor..<replacement.range.lowerBound]
            targetText += replacement.token
            targetCursor = replacement.range.upperBound
        }
        targetText += target[targetCursor...]
        self.source = sourceText.trimmingWhitespace
        self.target = targetText.trimmingWhitespace
    }

    /// The first occurrence of a candidate that stands alone (not inside a longer number or word)
    /// and overlaps nothing already used.
    private static func find(_ candidates: [String], in text: String, avoiding used: [Range<String.Index>]) -> Range<String.Index>? {
        for candidate in candidates where !candidate.isEmpty {
            var searchStart = text.startIndex
            while let range = text.range(of: candidate, options: [.caseInsensitive], range: searchStart..<text.endIndex) {
                let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
                let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
                let glued = (before.isLetter || before.isNumber) && (candidate.first?.isLetter == true || candidate.first?.isNumber == true)
                    || (after.isLetter || after.isNumber) && (candidate.last?.isLetter == true || candidate.last?.isNumber == true)
                if !glued, !used.contains(where: { $0.overlaps(range) }) { return range }
                searchStart = text.index(after: range.lowerBound)
            }
        }
        return nil
    }
}

extension String {
    var trimmingWhitespace: String {
        let parts = whitespaceParts
        return String(parts.core)
    }
}

extension MemoryForm {
    /// The variables of a text in memory form (`{time}`, `{amount2}`) and where they stand, in order.
    public static func variableRanges(in text: String) -> [(token: String, range: Range<String.Index>)] {
        MemoryVariable.tokens(in: text)
    }
}
