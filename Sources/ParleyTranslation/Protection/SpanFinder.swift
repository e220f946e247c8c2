internal import Foundation

/// Finds the spans of a message that a translation backend must never change: links, e-mail
/// addresses, phone numbers, prices, times, dates, durations, measures, codes, street addresses,
/// acronyms, other numbers, emoji and `{{template variables}}`, plus spans the caller already knows
/// about (do-not-translate and glossary terms).
///
/// The result never overlaps: where candidates overlap, the one that starts first wins, then the
/// longer one, then the caller's spans over detected ones.
///
/// ```swift
/// let text = "Call (410) 555-0123 or visit https://example.com/appt 👍"
/// let spans = SpanFinder().spans(in: text)   // phone, url, emoji
/// let protected = ProtectedText(text: text, spans: spans, style: .curly)
/// ```
public struct SpanFinder: Sendable {
    /// The kinds this finder detects on its own; caller-provided spans are always kept.
    public var kinds: Set<ProtectedText.Span.Kind>

    /// - Parameters:
    ///   - kinds: the kinds to detect; all detectable kinds by default.
    public init(kinds: Set<ProtectedText.Span.Kind> = ProtectedText.Span.Kind.detectable) {
        self.kinds = kinds
    }

    /// The protected spans of a text, in order, non-overlapping.
    /// - Parameters:
    ///   - text: the message.
    ///   - extra: spans the caller found (do-not-translate and glossary terms); their ranges must
    ///     be indices of `text`.
    public func spans(in text: String, extra: [ProtectedText.Span] = []) -> [ProtectedText.Span] {
        var candidates = extra.compactMap { Candidate(span: $0, in: text) }
        candidates += detect(in: text)
        return Self.resolve(candidates, in: text)
    }

    /// Picks non-overlapping spans: earliest first, then longest, then by kind (caller's kinds
    /// before detected ones).
    /// - Parameters:
    ///   - spans: possibly overlapping spans of `text`.
    ///   - text: the text they belong to.
    public static func resolve(_ spans: [ProtectedText.Span], in text: String) -> [ProtectedText.Span] {
        resolve(spans.compactMap { Candidate(span: $0, in: text) }, in: text)
    }

    // MARK: - Candidates in UTF-16 offsets

    struct Candidate {
        var start: Int
        var end: Int
        var kind: ProtectedText.Span.Kind

        init(start: Int, end: Int, kind: ProtectedText.Span.Kind) {
            self.start = start
            self.end = end
            self.kind = kind
        }

        init?(span: ProtectedText.Span, in text: String) {
            let utf16 = text.utf16
            guard span.range.lowerBound >= text.startIndex, span.range.upperBound <= text.endIndex else { return nil }
            start = utf16.distance(from: utf16.startIndex, to: span.range.lowerBound)
            end = start + utf16.distance(from: span.range.lowerBound, to: span.range.upperBound)
            kind = span.kind
            guard end > start else { return nil }
        }
    }

    static func resolve(_ candidates: [Candidate], in text: String) -> [ProtectedText.Span] {
        // Snap to whole characters first, so a span never splits a grapheme (a keycap's digit,
        // a letter and its accent).
        let utf16 = text.utf16
        var snapped: [(range: Range<String.Index>, start: Int, end: Int, kind: ProtectedText.Span.Kind)] = []
        snapped.reserveCapacity(candidates.count)
        for candidate in candidates {
            let rawStart = utf16.index(utf16.startIndex, offsetBy: candidate.start)
            let rawEnd = utf16.index(rawStart, offsetBy: candidate.end - candidate.start)
            let lower = Self.characterBoundary(rawStart, in: text, up: false)
            let upper = Self.characterBoundary(rawEnd, in: text, up: true)
            guard lower < upper else { continue }
            let start = lower == rawStart ? candidate.start : utf16.distance(from: utf16.startIndex, to: lower)
            let end = upper == rawEnd ? candidate.end : utf16.distance(from: utf16.startIndex, to: upper)
            snapped.append((lower..<upper, start, end, candidate.kind))
        }
        snapped.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end > b.end }
            return a.kind.priority < b.kind.priority
        }
        var result: [ProtectedText.Span] = []
        var lastEnd = -1
        for item in snapped where item.start >= lastEnd {
            result.append(ProtectedText.Span(range: item.range, kind: item.kind))
            lastEnd = item.end
        }
        return result
    }

    /// The nearest character boundary at or before (`up == false`) or after an index.
    static func characterBoundary(_ index: String.Index, in text: String, up: Bool) -> String.Index {
        var index = index
        while true {
            if let aligned = String.Index(index, within: text) { return aligned }
            if up {
                guard index < text.endIndex else { return text.endIndex }
                index = text.utf16.index(after: index)
            } else {
                guard index > text.startIndex else { return text.startIndex }
                index = text.utf16.index(before: index)
            }
        }
    }

    func detect(in text: String) -> [Candidate] {
        var found: [Candidate] = []
        let ns = text as NSString
        let whole = NSRange(location: 0, length: ns.length)
        var shouted: ShoutedSentences?
        for (kind, expression) in Self.expressions where kinds.contains(kind) {
            expression.enumerateMatches(in: text, range: whole) { match, _, _ in
                guard let match else { return }
                var range = match.range
                switch kind {
                case .url: range = Self.trimURL(range, in: ns)
                case .phone: if !Self.plausiblePhone(range, in: ns) { return }
                case .date: if !Self.isDate(ns.substring(with: range)) { return }
                case .code: if !Self.isCode(ns.substring(with: range)) { return }
                case .acronym:
                    if shouted == nil { shouted = ShoutedSentences(text) }
                    if !Self.isAcronym(range, in: ns, shouted: shouted!) { return }
                default: break
                }
                guard range.length > 0 else { return }
                found.append(Candidate(start: range.location, end: range.location + range.length, kind: kind))
            }
        }
        if kinds.contains(.emoji) { found += Self.emojiRuns(in: text) }
        return found
    }

    // MARK: - Patterns

    private static let currencyCodes = "USD|EUR|MXN|GBP|CAD|AUD|COP|PEN|CLP|ARS|BRL|DOP|GTQ|HNL|JPY|CNY|INR|PHP"
    private static let amount = #"(?:\d{1,3}(?:[,.\u00A0\u202F]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"#
    private static let urlBody = #"[^\s<>"'`{}|\\^\u00AB\u00BB\u201C\u201D]"#
    private static let tlds =
        "com|org|net|edu|gov|io|co|us|info|biz|me|app|dev|ly|ai|mx|es|uk|ca|de|fr|link|site|online|store|shop|page|ar|cl|pe"

    /// Detected kinds in a fixed order.
    private static let expressions: [(ProtectedText.Span.Kind, NSRegularExpression)] = {
        let sources: [(ProtectedText.Span.Kind, String)] = [
            // {{first_name}}, {first_name}, ${first_name}
            (.variable, #"\{\{[^{}\r\n]{1,200}\}\}|\$?\{[A-Za-z_][A-Za-z0-9_.]{0,60}\}"#),
            (.url, #"(?i)(?<![\w@])(?:https?://|www\.)"# + urlBody + "+"),
            (.url,
             #"(?i)(?<![\w@.\-/])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:"# + tlds
                + #")(?::\d{2,5})?(?:/"# + urlBody + #"*)?(?![\w@-])"#),
            (.email,
             #"(?i)(?<![\w.+\-])[a-z0-9][a-z0-9._%+\-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}(?![\w-])"#),
            // (410) 555-0123, 410-555-0123, 410.555.0123, +1 410 555 0123, 1-800-555-0199
            (.phone,
             #"(?<![\w+])(?:\+?1[ .\-]?)?(?:\(\d{3}\)[ .\-]?|\d{3}[ .\-])\d{3}[ .\-]\d{4}(?![\w])(?![.,:/\-]\d)"#),
            // +52 55 1234 5678, +44 20 7946 0958, +33 1 23 45 67 89
            (.phone,
             #"(?<![\w+])\+\d{1,3}(?:[ .\-]?\(?\d{1,4}\)?)?(?:[ .\-]?\d{2,5}){2,5}(?![\w])(?![.,:/\-]\d)"#),
            // $1,200  $49.99  €15  US$ 20  USD 300  1.200 €  300 MXN
            (.money,
             #"(?:(?<![\w])(?:US|CA|MX|AU|R)?[$€£¥₱₹][ \u00A0]?"# + amount + #"(?:[kK](?![\p{L}]))?"#
                + #"|(?<![\w])(?:"# + currencyCodes + #")[ \u00A0]?"# + amount
                + #"|(?<![\w.,])"# + amount + #"[ \u00A0]?(?:[$€£¥₱₹]|(?:"# + currencyCodes + #")(?![\w])))"#),
            // 3pm, 10:30, 2-stage, #4512, 12345, 85%, XR16, 1º
            (.number,
             #"(?<![\p{L}\p{N}_])(?:#|№)?\p{L}{0,12}\p{Nd}(?:[\p{L}\p{N}\p{M}]|[.,:/'\-](?=[\p{L}\p{N}]))*%?"#),
        ] + expressionSources
        return sources.map { ($0.0, try! NSRegularExpression(pattern: $0.1)) }
    }()

    /// Drops sentence punctuation a link ends with (`visit example.com/a.`), keeping a closing
    /// parenthesis the link opened.
    static func trimURL(_ range: NSRange, in text: NSString) -> NSRange {
        var length = range.length
        let trailing = Set(".,;:!?'\")]}>*…".utf16)
        while length > 0 {
            let unit = text.character(at: range.location + length - 1)
            guard trailing.contains(unit) else { break }
            if unit == UInt16(UInt8(ascii: ")")) {
                let body = text.substring(with: NSRange(location: range.location, length: length))
                let opens = body.filter { $0 == "(" }.count
                let closes = body.filter { $0 == ")" }.count
                if closes <= opens { break }
            }
            length -= 1
        }
        // A bare scheme or `www.` alone is not a link.
        let kept = text.substring(with: NSRange(location: range.location, length: length)).lowercased()
        if ["http://", "https://", "www.", "www"].contains(kept) { return NSRange(location: range.location, length: 0) }
        return NSRange(location: range.location, length: length)
    }

    static func plausiblePhone(_ range: NSRange, in text: NSString) -> Bool {
        let digits = text.substring(with: range).filter(\.isASCII).filter(\.isNumber).count
        return (7...15).contains(digits)
    }

    // MARK: - Emoji

    /// Runs of adjacent emoji characters (one span for `🔧❄️`), in UTF-16 offsets.
    static func emojiRuns(in text: String) -> [Candidate] {
        var runs: [Candidate] = []
        var offset = 0
        var runStart: Int?
        for character in text {
            let width = character.utf16.count
            if isEmoji(character) {
                if runStart == nil { runStart = offset }
            } else if let start = runStart {
                runs.append(Candidate(start: start, end: offset, kind: .emoji))
                runStart = nil
            }
            offset += width
        }
        if let start = runStart { runs.append(Candidate(start: start, end: offset, kind: .emoji)) }
        return runs
    }

    /// Whether a character is an emoji: presentation emoji (👍, with skin tones and ZWJ
    /// sequences), flags, keycaps (`1️⃣`, `#️⃣`), text-default emoji asked to look like emoji (`❄️`)
    /// or used as such (`❤`). Digits, `#`, `*`, `©`, `®` and `™` alone are not.
    static func isEmoji(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return false }
        var hasVariation16 = false
        var hasVariation15 = false
        var hasKeycap = false
        var hasJoinerOrModifier = false
        for scalar in scalars {
            switch scalar.value {
            case 0xFE0F: hasVariation16 = true
            case 0xFE0E: hasVariation15 = true
            case 0x20E3: hasKeycap = true
            case 0x200D: hasJoinerOrModifier = true
            default: if scalar.properties.isEmojiModifier { hasJoinerOrModifier = true }
            }
        }
        if first.isASCII { return hasKeycap }
        guard first.properties.isEmoji else { return false }
        if hasVariation15 { return false }
        if first.properties.isEmojiPresentation || hasVariation16 || hasJoinerOrModifier { return true }
        // Text-default pictographs people type as emoji (❤ ☀ ✔ ⌚); not ©, ®, ™, ‼ or arrows.
        return first.value >= 0x2300
    }
}

extension ProtectedText.Span.Kind {
    /// The kinds ``SpanFinder`` detects on its own.
    public static let detectable: Set<Self> = [
        .url, .email, .phone, .money, .number, .emoji, .variable,
        .time, .date, .duration, .measure, .code, .address, .acronym,
    ]

    /// Which kind wins when two candidates cover the same text (the caller's first; the more
    /// specific reading of a number before the plain number: `3pm` is a time, `15%` a measure).
    var priority: Int {
        switch self {
        case .doNotTranslate: 0
        case .term: 1
        case .variable: 2
        case .url: 3
        case .email: 4
        case .phone: 5
        case .money: 6
        case .emoji: 7  // a keycap (1️⃣) is an emoji, not the number its digit starts
        case .address: 8
        case .date: 9
        case .time: 10
        case .duration: 11
        case .measure: 12
        case .code: 13
        case .acronym: 14
        case .number: 15
        }
    }
}
