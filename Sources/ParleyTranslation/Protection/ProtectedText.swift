internal import Foundation
public import ParleyGlossary

/// A message with its protected spans replaced by placeholders, ready for a translation backend,
/// and the table that puts the spans back.
///
/// Stage 4 ("protect") builds it; stage 9 ("restore and verify") calls ``restore(_:replacements:)``
/// on the backend's output. Every span comes back byte-exact (or as the caller's replacement, for
/// glossary terms), and the result says whether the backend kept every placeholder: a damaged
/// translation is never reported as intact.
///
/// ```swift
/// let text = "Your {{first_name}} visit is at 3pm: https://example.com/appt?id=42 👍"
/// let protected = ProtectedText(text: text, spans: SpanFinder().spans(in: text), style: .curly)
/// // protected.masked == "Your {{T1}} visit is at {{T2}}: {{T3}} {{T4}}"
/// let restored = protected.restore(try await backend.translate(protected.masked, from: en, to: es))
/// if !restored.isIntact { /* retry with protected.style.next, or fail */ }
/// ```
public struct ProtectedText: Sendable, Hashable {
    /// A part of the text that must reach the other side unchanged (or replaced by the caller).
    public struct Span: Sendable, Hashable {
        /// What a span is.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case url, email, phone, money, number, emoji, variable, doNotTranslate, term
            /// A time of day: `8:30 AM`, `3pm`, `10:00 a.m.`, `14:30`, `8-10am`.
            case time
            /// A calendar date: `March 5`, `Tuesday, Mar 5th`, `5 March`, `3/15`, `3/15/2026`, `2026-03-15`.
            case date
            /// A length of time: `2 hours`, `30 min`, `1.5 hrs`, `2-3 days`.
            case duration
            /// A temperature, percentage, size, weight, volume or rating: `72°F`, `15%`, `3/4 inch`,
            /// `16 SEER`, `12,000 BTU`, `5 lbs`, `4.5 stars`.
            case measure
            /// A model, part, order or tracking code: `XR16`, `SKU-4471-B`, `#4512`.
            case code
            /// A street address: `123 Main St, Apt 4B`, `4500 Oak Ridge Blvd Suite 200`.
            case address
            /// An all-caps acronym of 2-6 letters: `HVAC`, `AC`, `PTO`, `ETA`.
            case acronym
        }

        /// Where the span stands in the text.
        public var range: Range<String.Index>
        /// What it is.
        public var kind: Kind

        /// - Parameters:
        ///   - range: where the span stands in the text.
        ///   - kind: what it is.
        public init(range: Range<String.Index>, kind: Kind) {
            self.range = range
            self.kind = kind
        }

        /// The span of a glossary match: ``Kind/doNotTranslate`` for a brand or product name,
        /// ``Kind/term`` otherwise (restore it with the target-language term).
        /// - Parameters:
        ///   - match: a glossary match found in the same text.
        public init(_ match: GlossaryMatch) {
            self.init(range: match.range, kind: match.isDoNotTranslate ? .doNotTranslate : .term)
        }
    }

    /// One protected span and the placeholder that stands for it.
    public struct Entry: Sendable, Hashable {
        /// The placeholder's number, 1-based, in order of appearance.
        public var number: Int
        /// The placeholder in the masked text, e.g. `{{T1}}`.
        public var placeholder: String
        /// What the span is.
        public var kind: Span.Kind
        /// The span's text, exactly as the original has it.
        public var original: String
        /// Where the span stands in the original text.
        public var range: Range<String.Index>
        /// Whether white space separated the span from the text before and after it.
        var spaceBefore: Bool
        var spaceAfter: Bool
    }

    /// A translation with the spans put back, and whether it can be trusted.
    public struct Restoration: Sendable, Hashable {
        /// The translation with every placeholder found replaced by its span (or replacement).
        public var text: String
        /// True only when every placeholder came back exactly once, unchanged, no unknown
        /// placeholder appeared, and no protected text reappeared outside its placeholder.
        public var isIntact: Bool
        /// What went wrong, one sentence each; empty when intact.
        public var problems: [String]
    }

    /// The text as written.
    public let original: String
    /// The text to send to the backend.
    public let masked: String
    /// The placeholder style used.
    public let style: PlaceholderStyle
    /// The protected spans, in order; `entries[i].number == i + 1`.
    public let entries: [Entry]
    /// Whether anything is left to translate once the spans are taken out: false for a message
    /// that is only emoji, only a link, only numbers and punctuation. Send nothing to the backend
    /// then; the original is its own translation.
    public let hasTranslatableText: Bool

    /// Replaces the spans by placeholders.
    ///
    /// Overlapping spans are resolved as ``SpanFinder`` does. Text that already looks like one of
    /// this style's placeholders is protected too, so it cannot be confused with a real one.
    /// - Parameters:
    ///   - text: the message.
    ///   - spans: the spans to protect, with ranges in `text` (usually from ``SpanFinder``).
    ///   - style: how placeholders look.
    public init(text: String, spans: [Span], style: PlaceholderStyle = .curly) {
        var candidates = spans
        let nsText = text as NSString
        style.tolerantPattern.enumerateMatches(in: text, range: NSRange(location: 0, length: nsText.length)) { match, _, _ in
            guard let match, let range = Range(match.range, in: text) else { return }
            candidates.append(Span(range: range, kind: .variable))
        }
        let resolved = SpanFinder.resolve(candidates, in: text)

        var masked = ""
        masked.reserveCapacity(text.utf8.count)
        var entries: [Entry] = []
        entries.reserveCapacity(resolved.count)
        var cursor = text.startIndex
        var hasLetters = false
        for span in resolved {
            let before = text[cursor..<span.range.lowerBound]
            if !hasLetters { hasLetters = before.contains(where: \.isLetter) }
            Self.appendEscaped(before, to: &masked, style: style)
            let number = entries.count + 1
            let placeholder = style.placeholder(number)
            masked += placeholder
            let spaceBefore = span.range.lowerBound > text.startIndex
                && text[text.index(before: span.range.lowerBound)].isWhitespace
            let spaceAfter = span.range.upperBound < text.endIndex && text[span.range.upperBound].isWhitespace
            entries.append(Entry(number: number, placeholder: placeholder, kind: span.kind, original: String(text[span.range]),
                                 range: span.range, spaceBefore: spaceBefore, spaceAfter: spaceAfter))
            cursor = span.range.upperBound
        }
        let rest = text[cursor...]
        if !hasLetters { hasLetters = rest.contains(where: \.isLetter) }
        Self.appendEscaped(rest, to: &masked, style: style)

        self.original = text
        self.masked = masked
        self.style = style
        self.entries = entries
        self.hasTranslatableText = hasLetters
    }

    /// Finds the spans with ``SpanFinder`` and replaces them by placeholders.
    /// - Parameters:
    ///   - text: the message.
    ///   - extra: do-not-translate and glossary spans the caller found in `text`.
    ///   - style: how placeholders look.
    ///   - finder: what to detect.
    public init(protecting text: String, extra: [Span] = [], style: PlaceholderStyle = .curly, finder: SpanFinder = .init()) {
        self.init(text: text, spans: finder.spans(in: text, extra: extra), style: style)
    }

    /// Puts the spans back into a translation of ``masked`` and verifies it.
    /// - Parameters:
    ///   - translated: the backend's output.
    ///   - replacements: text to insert instead of the original span, by placeholder number
    ///     (the target-language term for a ``Span/Kind/term`` span).
    public func restore(_ translated: String, replacements: [Int: String] = [:]) -> Restoration {
        restore(translated) { replacements[$0.number] }
    }

    /// Puts the spans back into a translation of ``masked`` and verifies it.
    /// - Parameters:
    ///   - translated: the backend's output.
    ///   - replacement: the text to insert instead of an entry's original, or nil to insert the
    ///     original (the target-language term for a ``Span/Kind/term`` span).
    public func restore(_ translated: String, replacement: (Entry) -> String?) -> Restoration {
        var problems: [String] = []
        let nsTranslated = translated as NSString

        struct Found {
            var range: Range<String.Index>
            var entry: Int?  // index into entries
        }
        var found: [Found] = []
        var seen = [Int](repeating: 0, count: entries.count)
        var altered: [String] = []
        var unknown: [String] = []
        style.tolerantPattern.enumerateMatches(in: translated, range: NSRange(location: 0, length: nsTranslated.length)) {
            match, _, _ in
            guard let match, let range = Range(match.range, in: translated) else { return }
            let token = String(translated[range])
            let digits = nsTranslated.substring(with: match.range(at: 1))
            guard let number = Int(digits), (1...entries.count).contains(number), digits == String(number) else {
                unknown.append(token)
                return
            }
            seen[number - 1] += 1
            if !style.isEquivalent(token, toPlaceholder: number) {
                altered.append("placeholder \(style.placeholder(number)) came back altered as \(Self.quoted(token))")
            }
            found.append(Found(range: range, entry: number - 1))
        }
        problems += altered
        for token in unknown {
            problems.append("the translation has \(Self.quoted(token)), which is not one of the \(entries.count) placeholders")
        }
        for (index, count) in seen.enumerated() where count != 1 {
            let entry = entries[index]
            let what = "placeholder \(entry.placeholder) (\(entry.kind.rawValue) \(Self.quoted(entry.original)))"
            problems.append(count == 0 ? "\(what) is missing" : "\(what) appears \(count) times")
        }

        // Rebuild: the translation between placeholders, with each span put back.
        var text = ""
        text.reserveCapacity(translated.utf8.count + original.utf8.count)
        var remainder = ""  // the translation outside placeholders, for the reappearance check
        var cursor = translated.startIndex
        var wantSpaceAfter = false
        // A replacement that ends with an abbreviation's period ("8:30 a. m.") takes the place of the
        // sentence's period right after it, as in "a las 8:30 a. m." (not "a. m..").
        var endsWithPeriod = false
        func append(_ segment: String) {
            var segment = segment
            if endsWithPeriod, segment.hasPrefix("."), !segment.hasPrefix("..") { segment.removeFirst() }
            if wantSpaceAfter, let first = segment.first, first.isLetter || first.isNumber { text += " " }
            text += segment
        }
        for item in found {
            guard let index = item.entry else { continue }
            let entry = entries[index]
            var segment = String(translated[cursor..<item.range.lowerBound])
            remainder += segment
            remainder += "\n"
            if style.escapesMarkup { segment = Self.unescape(segment) }
            append(segment)
            if entry.spaceBefore, let last = text.last, last.isLetter || last.isNumber { text += " " }
            let replaced = replacement(entry)
            text += replaced ?? entry.original
            endsWithPeriod = replaced?.hasSuffix(".") == true
            wantSpaceAfter = entry.spaceAfter
            cursor = item.range.upperBound
        }
        var tail = String(translated[cursor...])
        remainder += tail
        if style.escapesMarkup { tail = Self.unescape(tail) }
        append(tail)

        problems += reappearances(in: remainder)
        return Restoration(text: text, isIntact: problems.isEmpty, problems: problems)
    }

    // MARK: - Verification

    /// Protected text found outside its placeholder in the translation more often than the masked
    /// text had it there: the backend copied or re-created a span, so it may be damaged or doubled.
    private func reappearances(in translatedRemainder: String) -> [String] {
        guard !entries.isEmpty else { return [] }
        let maskedRemainder = Self.outsidePlaceholders(masked, style: style)
        var problems: [String] = []
        var checked: Set<String> = []

        // Links, numbers and the like: compare what the finder sees on both sides (linear in the
        // text). The expression kinds depend on context the remainder has lost (an acronym is not one
        // in a shouted sentence, a number may be part of a time), so they are counted as whole
        // words, like the caller's spans.
        let finder = SpanFinder(kinds: Span.Kind.countedByDetection)
        func detectedCounts(_ text: String) -> [String: Int] {
            var counts: [String: Int] = [:]
            for span in finder.spans(in: text) { counts[String(text[span.range]), default: 0] += 1 }
            return counts
        }
        let before = detectedCounts(maskedRemainder)
        let after = detectedCounts(translatedRemainder)
        for entry in entries where !checked.contains(entry.original) {
            checked.insert(entry.original)
            let was: Int
            let now: Int
            if Span.Kind.countedByDetection.contains(entry.kind) {
                was = before[entry.original, default: 0]
                now = after[entry.original, default: 0]
            } else {
                was = Self.occurrences(of: entry.original, in: maskedRemainder)
                now = Self.occurrences(of: entry.original, in: translatedRemainder)
            }
            if now > was {
                problems.append("\(Self.quoted(entry.original)) (\(entry.kind.rawValue)) reappears outside its placeholder")
            }
        }
        return problems
    }

    /// The text with each placeholder (or damaged form of one) replaced by `separator`.
    static func outsidePlaceholders(_ text: String, style: PlaceholderStyle, separator: String = "\n") -> String {
        let ns = text as NSString
        return style.tolerantPattern.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: ns.length), withTemplate: separator)
    }

    /// Whole-word occurrences (no letter or digit glued to either end of a word-like needle).
    private static func occurrences(of needle: String, in haystack: String) -> Int {
        guard !needle.isEmpty else { return 0 }
        let wordStart = needle.first.map { $0.isLetter || $0.isNumber } ?? false
        let wordEnd = needle.last.map { $0.isLetter || $0.isNumber } ?? false
        var count = 0
        var searchStart = haystack.startIndex
        while let range = haystack.range(of: needle, range: searchStart..<haystack.endIndex) {
            let okBefore = !wordStart || range.lowerBound == haystack.startIndex
                || !haystack[haystack.index(before: range.lowerBound)].isLetterOrNumber
            let okAfter = !wordEnd || range.upperBound == haystack.endIndex || !haystack[range.upperBound].isLetterOrNumber
            if okBefore && okAfter { count += 1 }
            searchStart = range.upperBound
        }
        return count
    }

    // MARK: - Escaping

    private static func appendEscaped(_ text: Substring, to output: inout String, style: PlaceholderStyle) {
        guard style.escapesMarkup else {
            output += text
            return
        }
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default: output.append(character)
            }
        }
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func quoted(_ text: String) -> String {
        let short = text.count > 60 ? text.prefix(57) + "…" : Substring(text)
        return "`\(short)`"
    }
}

extension Character {
    fileprivate var isLetterOrNumber: Bool { isLetter || isNumber }
}

extension SpanFinder {
    typealias Kind = ProtectedText.Span.Kind
}

extension ProtectedText.Span.Kind {
    /// The kinds whose reappearance in a translation is counted by detecting them again.
    static let countedByDetection: Set<Self> = [.url, .email, .phone, .money, .number, .emoji, .variable]
}
