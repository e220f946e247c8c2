internal import Foundation

/// A sentence in the translation memory's form: its values that change from message to message
/// written as variables (`Your technician will arrive at {time}.`), and what each variable holds in
/// this sentence, rendered for the target language (`3 p. m.`).
public struct MemorySegment: Sendable, Hashable {
    /// The sentence with variables.
    public let text: String
    /// ``text`` normalised for exact matching.
    public let key: String
    /// Each variable's token and its value in the target language, in order.
    public let values: [String: String]

    /// A sentence of a rep's message, its spans turned into variables.
    /// - Parameters:
    ///   - sentence: the sentence.
    ///   - spans: its protected spans (the pipeline's protection plan).
    ///   - rendering: a span's value in the target language (times localised, the rest as written).
    init(_ sentence: String, spans: [ProtectedText.Span], rendering: (ProtectedText.Span) -> String) {
        var text = ""
        var values: [String: String] = [:]
        var counts: [MemoryVariable: Int] = [:]
        var cursor = sentence.startIndex
        for span in spans.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where span.range.lowerBound >= cursor {
            guard let variable = MemoryVariable(span.kind) else { continue }
            counts[variable, default: 0] += 1
            let token = variable.token(counts[variable]!)
            text += sentence[cursor..<span.range.lowerBound]
            text += token
            values[token] = rendering(span)
            cursor = span.range.upperBound
        }
        text += sentence[cursor...]
        self.text = text
        self.key = Self.key(text)
        self.values = values
    }

    /// A sentence already in memory form (an entry's source): no values.
    init(memoryText: String) {
        text = memoryText
        key = Self.key(memoryText)
        values = [:]
    }

    /// The variables' tokens, in order.
    public var tokens: [String] { MemoryVariable.tokens(in: text).map(\.token) }

    /// A text in memory form normalised for exact matching: case folded, typographic apostrophes
    /// and quotes straightened, white space collapsed and trimmed.
    public static func key(_ text: String) -> String {
        var folded = text.lowercased()
        for (curly, straight) in [("’", "'"), ("‘", "'"), ("“", "\""), ("”", "\"")] {
            folded = folded.replacingOccurrences(of: curly, with: straight)
        }
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The words, variables and punctuation marks of a key, for close matching.
    static func words(of key: String) -> [Substring] {
        var words: [Substring] = []
        var index = key.startIndex
        while index < key.endIndex {
            let character = key[index]
            if character.isWhitespace {
                index = key.index(after: index)
            } else if character == "{", let close = key[index...].firstIndex(of: "}") {
                let end = key.index(after: close)
                words.append(key[index..<end])
                index = end
            } else if character.isLetter || character.isNumber {
                var end = key.index(after: index)
                while end < key.endIndex, key[end].isLetter || key[end].isNumber || key[end] == "'" { end = key.index(after: end) }
                words.append(key[index..<end])
                index = end
            } else {
                let end = key.index(after: index)
                words.append(key[index..<end])
                index = end
            }
        }
        return words
    }
}
