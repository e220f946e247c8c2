internal import ParleyLanguage

/// Splits text into pieces no longer than a limit, at sentence boundaries (ICU) where it can, then
/// at spaces, then anywhere; joining the pieces gives the text back exactly.
///
/// Backends that silently cut long input (Apertium APy keeps at most 10 chunks of about 1,000 to
/// 4,096 characters, and answers 200 all the same) get pieces well under their limit.
public struct TextChunker: Sendable {
    /// The longest piece, in characters.
    public var maximumCharacters: Int

    public init(maximumCharacters: Int) {
        precondition(maximumCharacters > 0)
        self.maximumCharacters = maximumCharacters
    }

    /// The pieces of a text, in order.
    public func chunks(_ text: String) -> [String] {
        if text.count <= maximumCharacters { return [text] }
        var chunks: [String] = []
        var current = ""
        for sentence in ICU.sentences(in: text) {
            if current.count + sentence.count <= maximumCharacters {
                current += sentence
                continue
            }
            if !current.isEmpty { chunks.append(current) }
            current = ""
            if sentence.count <= maximumCharacters {
                current = sentence
            } else {
                let pieces = splitLong(sentence)
                chunks += pieces.dropLast()
                current = pieces.last ?? ""
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    /// A sentence longer than the limit: cut after the last space that fits, else at the limit.
    private func splitLong(_ sentence: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(sentence)
        while rest.count > maximumCharacters {
            let limit = rest.index(rest.startIndex, offsetBy: maximumCharacters)
            let cut = rest[..<limit].lastIndex(where: \.isWhitespace).map { rest.index(after: $0) } ?? limit
            let end = cut == rest.startIndex ? limit : cut
            pieces.append(String(rest[..<end]))
            rest = rest[end...]
        }
        if !rest.isEmpty { pieces.append(String(rest)) }
        return pieces
    }
}

extension String {
    /// The text split into leading white space, the core, and trailing white space.
    var whitespaceParts: (leading: Substring, core: Substring, trailing: Substring) { self[...].whitespaceParts }
}
