internal import Foundation

/// A rep's English message with `{{variables}}`, e.g. "Hi {{first_name}}, your appointment is on
/// {{date}}." Templates are translated per language ahead of use (see
/// ``TranslationPipeline/prepare(_:for:logger:)``); the variables survive translation as protected spans
/// and are filled in last.
public struct MessageTemplate: Sendable, Hashable, Codable, Identifiable {
    /// A short unique name, e.g. `appointment-reminder`.
    public var id: String
    /// The English text with `{{variables}}`.
    public var text: String

    /// - Parameters:
    ///   - id: a short unique name.
    ///   - text: the English text with `{{variables}}`.
    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }

    /// The variables' names, in order of first appearance.
    public var variables: [String] { Self.variables(in: text) }

    /// The template with its variables filled in.
    /// - Parameters:
    ///   - values: a value for each variable.
    /// - Throws: ``TemplateError`` naming every variable without a value.
    public func render(_ values: [String: String]) throws(TemplateError) -> String {
        try Self.render(text, values: values, template: id)
    }

    /// The variables of a text, in order of first appearance.
    static func variables(in text: String) -> [String] {
        var names: [String] = []
        for match in matches(in: text) where !names.contains(match.name) { names.append(match.name) }
        return names
    }

    /// Fills a text's variables in one pass: a value that itself looks like `{{x}}` is not expanded.
    static func render(_ text: String, values: [String: String], template: String) throws(TemplateError) -> String {
        let found = matches(in: text)
        let missing = found.map(\.name).filter { values[$0] == nil }
        guard missing.isEmpty else {
            var unique: [String] = []
            for name in missing where !unique.contains(name) { unique.append(name) }
            throw TemplateError(template: template, missingVariables: unique)
        }
        var output = ""
        var cursor = text.startIndex
        for match in found {
            output += text[cursor..<match.range.lowerBound]
            output += values[match.name]!
            cursor = match.range.upperBound
        }
        output += text[cursor...]
        return output
    }

    private static let pattern = try! NSRegularExpression(pattern: #"\{\{\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*\}\}"#)

    private static func matches(in text: String) -> [(name: String, range: Range<String.Index>)] {
        let ns = text as NSString
        return pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { match in
            guard let range = Range(match.range, in: text), let name = Range(match.range(at: 1), in: text) else { return nil }
            return (String(text[name]), range)
        }
    }
}

/// A template rendered without a value for some of its variables.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The template's name.
    public var template: String
    /// The variables without a value.
    public var missingVariables: [String]
    /// Why the template cannot be rendered, when it is not a missing value.
    public var reason: String?

    /// - Parameters:
    ///   - template: the template's name.
    ///   - missingVariables: the variables without a value.
    ///   - reason: why it cannot be rendered, when not a missing value.
    public init(template: String, missingVariables: [String], reason: String? = nil) {
        self.template = template
        self.missingVariables = missingVariables
        self.reason = reason
    }

    public var description: String {
        if let reason { return "template \(template): \(reason)" }
        return "template \(template): no value for " + missingVariables.map { "{{\($0)}}" }.joined(separator: ", ")
            + "; give every variable a value before sending"
    }
}
