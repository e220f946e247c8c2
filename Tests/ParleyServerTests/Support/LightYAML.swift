import Foundation

/// Reads the plain block style `openapi.yaml` is written in, into Foundation values (`[String: Any]`,
/// `[Any]`, `String`, `Int`, `Bool`, `NSNull`): block mappings and sequences by indentation,
/// `- key: value` items, plain, single- and double-quoted scalars, and one-line flow sequences of
/// scalars (`[a, b]`) or empty flow collections (`{}`, `[]`). Anchors, tags, multi-line scalars and
/// comments after a value are not read: it throws on what it does not know, and
/// `OpenAPITests` compares its reading with PyYAML's where Python is there.
enum LightYAML {
    struct Error: Swift.Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    private struct Line {
        var number: Int
        var indent: Int
        var text: Substring
    }

    static func parse(_ text: String) throws -> Any {
        var lines: [Line] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indent = raw.prefix { $0 == " " }.count
            let body = raw.dropFirst(indent)
            if body.isEmpty || body.hasPrefix("#") { continue }
            if body.hasPrefix("\t") { throw Error(line: index + 1, message: "tab indentation") }
            lines.append(Line(number: index + 1, indent: indent, text: body))
        }
        var position = 0
        guard let first = lines.first else { return [String: Any]() }
        let value = try block(&lines, &position, indent: first.indent)
        if position < lines.count {
            throw Error(line: lines[position].number, message: "unexpected indentation")
        }
        return value
    }

    private static func block(_ lines: inout [Line], _ position: inout Int, indent: Int) throws -> Any {
        if isItem(lines[position].text) {
            var items: [Any] = []
            while position < lines.count, lines[position].indent == indent, isItem(lines[position].text) {
                let line = lines[position]
                let rest = line.text.dropFirst(1).drop { $0 == " " }
                if rest.isEmpty {
                    position += 1
                    guard position < lines.count, lines[position].indent > indent else {
                        items.append(NSNull())
                        continue
                    }
                    items.append(try block(&lines, &position, indent: lines[position].indent))
                } else if splitKey(rest) != nil {
                    // `- key: value` starts a mapping indented as far as its first key.
                    let inner = indent + (line.text.count - rest.count)
                    lines[position] = Line(number: line.number, indent: inner, text: rest)
                    items.append(try block(&lines, &position, indent: inner))
                } else {
                    items.append(try scalar(rest, line: line.number))
                    position += 1
                }
            }
            return items
        }
        var mapping: [String: Any] = [:]
        while position < lines.count, lines[position].indent == indent {
            let line = lines[position]
            guard !isItem(line.text), let (key, rest) = splitKey(line.text) else {
                throw Error(line: line.number, message: "expected 'key: value'")
            }
            let name = try scalarString(key, line: line.number)
            if mapping[name] != nil { throw Error(line: line.number, message: "duplicate key '\(name)'") }
            position += 1
            if rest.isEmpty {
                if position < lines.count, lines[position].indent > indent {
                    mapping[name] = try block(&lines, &position, indent: lines[position].indent)
                } else {
                    mapping[name] = NSNull()
                }
            } else {
                if rest == "|" || rest == ">" || rest.hasPrefix("|") || rest.hasPrefix(">") || rest.hasPrefix("&")
                    || rest.hasPrefix("*") || rest.hasPrefix("!")
                {
                    throw Error(line: line.number, message: "unsupported YAML: '\(rest)'")
                }
                mapping[name] = try scalar(rest, line: line.number)
            }
        }
        if position < lines.count, lines[position].indent > indent {
            throw Error(line: lines[position].number, message: "unexpected indentation")
        }
        return mapping
    }

    private static func isItem(_ text: Substring) -> Bool { text == "-" || text.hasPrefix("- ") }

    /// The key and the rest of a `key: value` or `key:` line, outside quotes.
    private static func splitKey(_ text: Substring) -> (Substring, Substring)? {
        var index = text.startIndex
        if let quote = text.first, quote == "\"" || quote == "'" {
            index = text.index(after: index)
            while index < text.endIndex, text[index] != quote {
                if quote == "\"", text[index] == "\\" { index = text.index(after: index) }
                if index < text.endIndex { index = text.index(after: index) }
            }
            guard index < text.endIndex else { return nil }
            index = text.index(after: index)
            guard index < text.endIndex, text[index] == ":" else { return nil }
        } else {
            guard text.first != "[", text.first != "{" else { return nil }
            while index < text.endIndex {
                if text[index] == ":" {
                    let next = text.index(after: index)
                    if next == text.endIndex || text[next] == " " { break }
                }
                index = text.index(after: index)
            }
            guard index < text.endIndex else { return nil }
        }
        let key = text[..<index]
        let rest = text[text.index(after: index)...].drop { $0 == " " }
        return (key, rest)
    }

    private static func scalar(_ text: Substring, line: Int) throws -> Any {
        if text == "{}" { return [String: Any]() }
        if text.hasPrefix("{") { throw Error(line: line, message: "unsupported flow mapping '\(text)'") }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw Error(line: line, message: "unclosed flow sequence") }
            let inner = text.dropFirst().dropLast()
            if inner.trimmingCharacters(in: .whitespaces).isEmpty { return [Any]() }
            if inner.contains("[") || inner.contains("{") || inner.contains("\"") || inner.contains("'") {
                throw Error(line: line, message: "unsupported flow sequence '\(text)'")
            }
            return try inner.split(separator: ",").map { try scalar($0.drop { $0 == " " }.reversedTrimmed, line: line) }
        }
        if text.first == "\"" || text.first == "'" { return try scalarString(text, line: line) }
        if text.contains(" #") { throw Error(line: line, message: "comment after a value") }
        switch text {
        case "true": return true
        case "false": return false
        case "null", "~": return NSNull()
        default: break
        }
        if let number = Int(text) { return number }
        if Double(text) != nil { throw Error(line: line, message: "floats are not read: quote '\(text)'") }
        return String(text)
    }

    private static func scalarString(_ text: Substring, line: Int) throws -> String {
        guard let quote = text.first, quote == "\"" || quote == "'" else { return String(text) }
        guard text.count >= 2, text.last == quote else { throw Error(line: line, message: "unclosed quote") }
        let inner = text.dropFirst().dropLast()
        if quote == "'" { return inner.replacingOccurrences(of: "''", with: "'") }
        var result = ""
        var escaped = false
        for character in inner {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"", "\\", "/": result.append(character)
                default: throw Error(line: line, message: "unsupported escape '\\\(character)'")
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}

extension Substring {
    fileprivate var reversedTrimmed: Substring {
        var text = self
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
