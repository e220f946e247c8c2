internal import Foundation
internal import ParleyTranslation

/// One `{{variable}}` of a template, as a rep fills it in: its name and the label a form shows
/// (`first_name` → "First name").
public struct TemplateVariable: Sendable, Hashable {
    /// The name between the braces, e.g. `first_name`.
    public var name: String

    /// - Parameters:
    ///   - name: the name between the braces.
    public init(name: String) {
        self.name = name
    }

    /// The label a form shows: the name's words (split at `_`, `.`, `-` and lower-to-upper case
    /// changes) in sentence case, e.g. `first_name` and `firstName` → "First name".
    public var label: String {
        var words: [String] = []
        var word = ""
        var previous: Character?
        for character in name {
            if character == "_" || character == "." || character == "-" || character == " " {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else {
                if character.isUppercase, let previous, previous.isLowercase, !word.isEmpty {
                    words.append(word)
                    word = ""
                }
                word.append(character)
            }
            previous = character
        }
        if !word.isEmpty { words.append(word) }
        guard let first = words.first else { return name }
        let rest = words.dropFirst().map { $0.count > 1 && $0 == $0.uppercased() ? $0 : $0.lowercased() }
        return ([first.prefix(1).uppercased() + first.dropFirst().lowercased()] + rest).joined(separator: " ")
    }

    /// How the variable is written in a template, e.g. `{{first_name}}`.
    public var placeholder: String { "{{\(name)}}" }

    /// What a conversation already knows for this variable: the contact's first name for
    /// `first_name` (or `firstName`, `contact_first_name`), their whole name for `name`,
    /// `contact_name` and `full_name`; nil for any other variable or a contact without a name.
    /// - Parameters:
    ///   - contactName: the contact's name, if they have one.
    public func value(contactName: String?) -> String? {
        guard let contactName = contactName?.trimmingCharacters(in: .whitespaces), !contactName.isEmpty else { return nil }
        let key = name.lowercased().filter { !"_.- ".contains($0) }
        switch key {
        case "firstname", "contactfirstname": return contactName.split(separator: " ").first.map(String.init)
        case "name", "contactname", "fullname": return contactName
        default: return nil
        }
    }

    /// A template's variables in order of first appearance.
    /// - Parameters:
    ///   - text: the template's English.
    public static func variables(in text: String) -> [TemplateVariable] {
        MessageTemplate(id: "", text: text).variables.map(TemplateVariable.init(name:))
    }

    /// Why a template's braces do not make variables, or nil when every `{{` is closed by `}}`
    /// around a name of letters, digits and `_` (also `.` and `-`) and no `}}` is left over.
    /// - Parameters:
    ///   - text: the template's English.
    static func problem(in text: String) -> MessagingError? {
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            if let stray = rest[..<open.lowerBound].range(of: "}}") { return unmatched(rest[..<stray.upperBound]) }
            let after = rest[open.upperBound...]
            let close = after.range(of: "}}")
            let next = after.range(of: "{{")
            guard let close, next.map({ $0.lowerBound >= close.lowerBound }) ?? true else {
                let shown = after.prefix { $0 != "{" && $0 != "\n" }.prefix(20)
                return .invalidInput(
                    "Unclosed {{ in the template",
                    "The {{ before “\(shown.trimmingCharacters(in: .whitespaces))” is not closed. Write each variable with two braces on each side, such as {{first_name}}.")
            }
            let inner = after[..<close.lowerBound]
            let name = inner.trimmingCharacters(in: .whitespaces)
            guard isName(name) else {
                return .invalidInput(
                    "Not a variable",
                    "“{{\(inner)}}” is not a variable: a variable's name is one word of letters, digits and _, such as {{first_name}}.")
            }
            rest = after[close.upperBound...]
        }
        if let stray = rest.range(of: "}}") { return unmatched(rest[..<stray.upperBound]) }
        return nil
    }

    private static func unmatched(_ before: Substring) -> MessagingError {
        .invalidInput(
            "Unmatched }} in the template",
            "“\(before.suffix(24))” has a }} that closes no {{. Write each variable with two braces on each side, such as {{first_name}}.")
    }

    /// Whether a text is a variable's name, as `MessageTemplate` reads one (its grammar, once).
    static func isName(_ text: String) -> Bool {
        MessageTemplate(id: "", text: "{{\(text)}}").variables == [text]
    }
}
