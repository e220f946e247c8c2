internal import Foundation

/// How the placeholders that stand in for protected spans look on their way through a backend.
///
/// Backends keep different shapes intact: Apertium APy keeps `{{T1}}`, `[[T1]]`, `__T1__` and
/// `<x id="1"/>` byte-exact; DeepL (`tag_handling=xml`) and Google (`format=html`) keep XML tags.
/// When a style comes back damaged, try ``next`` (see ``fallbackOrder``).
public enum PlaceholderStyle: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `{{T1}}`.
    case curly
    /// `[[T1]]`.
    case brackets
    /// `__T1__`.
    case underscores
    /// `<x id="1"/>`, for backends told to handle XML or HTML tags. The text around the tags is
    /// escaped (`&`, `<`, `>`) in the masked text and unescaped on restore.
    case xmlTag

    /// The order to try styles in when one fails: curly, brackets, underscores, XML tag.
    public static let fallbackOrder: [PlaceholderStyle] = [.curly, .brackets, .underscores, .xmlTag]

    /// The style to try after this one failed, or nil when none is left.
    public var next: PlaceholderStyle? {
        guard let index = Self.fallbackOrder.firstIndex(of: self), index + 1 < Self.fallbackOrder.count else {
            return nil
        }
        return Self.fallbackOrder[index + 1]
    }

    /// The style to try after the ones already tried, or nil when all were tried.
    /// - Parameters:
    ///   - tried: the styles that failed.
    public static func next(after tried: some Sequence<PlaceholderStyle>) -> PlaceholderStyle? {
        let tried = Set(tried)
        return fallbackOrder.first { !tried.contains($0) }
    }

    /// The placeholder for span number `number` (1-based).
    /// - Parameters:
    ///   - number: the span's number.
    public func placeholder(_ number: Int) -> String {
        switch self {
        case .curly: "{{T\(number)}}"
        case .brackets: "[[T\(number)]]"
        case .underscores: "__T\(number)__"
        case .xmlTag: "<x id=\"\(number)\"/>"
        }
    }

    /// Whether text around the placeholders is XML-escaped.
    public var escapesMarkup: Bool { self == .xmlTag }

    public var description: String { rawValue }

    /// A pattern matching this style's placeholders and their likely damaged forms (spaces inside,
    /// lower case, a lost brace); capture group 1 is the number.
    var tolerantPattern: NSRegularExpression { Self.patterns[self]! }

    private static let patterns: [PlaceholderStyle: NSRegularExpression] = {
        let sources: [PlaceholderStyle: String] = [
            .curly: #"\{?\{[ \t\u00A0]*[Tt][ \t\u00A0]*[-_]?[ \t\u00A0]*(\d+)[ \t\u00A0]*\}\}?"#,
            .brackets: #"\[?\[[ \t\u00A0]*[Tt][ \t\u00A0]*[-_]?[ \t\u00A0]*(\d+)[ \t\u00A0]*\]\]?"#,
            .underscores: #"_{1,2}[ \t\u00A0]*[Tt][ \t\u00A0]*[-_]?[ \t\u00A0]*(\d+)[ \t\u00A0]*_{1,2}"#,
            .xmlTag: #"<[ \t]*[xX][ \t]+(?i:id)[ \t]*=[ \t]*["'“”]?[ \t]*(\d+)[ \t]*["'“”]?[ \t]*/?[ \t]*>(?:[ \t]*<[ \t]*/[ \t]*[xX][ \t]*>)?"#,
        ]
        return sources.mapValues { try! NSRegularExpression(pattern: $0) }
    }()

    /// Whether a tolerated form counts as unchanged: `<x id="1"></x>` is the same XML as
    /// `<x id="1"/>`.
    func isEquivalent(_ found: String, toPlaceholder number: Int) -> Bool {
        if found == placeholder(number) { return true }
        guard self == .xmlTag else { return false }
        return found == "<x id=\"\(number)\"></x>" || found == "<x id=\"\(number)\" />"
    }
}
