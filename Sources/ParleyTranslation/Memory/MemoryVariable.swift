internal import Foundation

/// The kinds of value a translation-memory entry leaves open, written in its text as `{time}`,
/// `{time2}`, `{amount}`: one entry then serves every message that differs only in them.
public enum MemoryVariable: String, Sendable, Hashable, CaseIterable, Codable {
    case time, date, duration, amount, number, measure, phone, link, email, code, address, name, emoji
    /// A template's `{{variable}}`.
    case `var`

    /// The variable that stands for a protected span, or nil for spans that are wording (glossary
    /// terms, acronyms such as STOP).
    init?(_ kind: ProtectedText.Span.Kind) {
        switch kind {
        case .time: self = .time
        case .date: self = .date
        case .duration: self = .duration
        case .money: self = .amount
        case .number: self = .number
        case .measure: self = .measure
        case .phone: self = .phone
        case .url: self = .link
        case .email: self = .email
        case .code: self = .code
        case .address: self = .address
        case .doNotTranslate: self = .name
        case .emoji: self = .emoji
        case .variable: self = .var
        case .term, .acronym: return nil
        }
    }

    /// The token for the variable's `occurrence`-th appearance in a sentence: `{time}`, `{time2}`.
    func token(_ occurrence: Int) -> String {
        occurrence <= 1 ? "{\(rawValue)}" : "{\(rawValue)\(occurrence)}"
    }

    /// `{time}`, `{time2}`…, not inside a template's `{{variable}}`; compiled once.
    private static let tokenPattern = try! NSRegularExpression(
        pattern: #"(?<!\{)\{(?:"# + allCases.map(\.rawValue).joined(separator: "|") + #")(?:[2-9]|[1-9][0-9])?\}(?!\})"#)

    /// The tokens in a text in memory form, in order, with where they stand.
    static func tokens(in text: String) -> [(token: String, range: Range<String.Index>)] {
        let range = NSRange(text.startIndex..., in: text)
        return tokenPattern.matches(in: text, range: range).compactMap { match in
            Range(match.range, in: text).map { (String(text[$0]), $0) }
        }
    }
}
