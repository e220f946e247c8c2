/// Splits a masked text (placeholders in place of protected spans) into its sentences, so each can
/// be translated and cached on its own: a draft that grows or changes in one sentence sends only
/// that sentence to the backend again.
///
/// A simple, conservative rule rather than ICU's: a sentence ends after `.`, `!`, `?` or `…` (with
/// any closing quotes or brackets) followed by white space and then anything but a lower-case
/// letter, and at a line break. It never ends inside a placeholder or a number (`3.50`, no space
/// follows the dot), nor after an abbreviation (`Mr.`, `approx.`, `a.m.`) or an initial (`J. Smith`).
/// Not splitting is always safe: the text is then translated as one piece, as it would be whole.
struct SentenceSplitter: Sendable {
    /// The sentences of `text`, without the white space around them, as ranges of `text`; empty for
    /// white space alone. What lies between two ranges is white space.
    static func sentences(in text: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var start: String.Index? = nil
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                if let open = start, character.isNewline {
                    result.append(open..<trimmedEnd(text, open, index))
                    start = nil
                }
                index = text.index(after: index)
                continue
            }
            if start == nil { start = index }
            guard terminators.contains(character) else {
                index = text.index(after: index)
                continue
            }
            // The run of terminators and closing marks ("Done!)" or "ok?!").
            var end = text.index(after: index)
            while end < text.endIndex, terminators.contains(text[end]) || closers.contains(text[end]) {
                end = text.index(after: end)
            }
            guard end < text.endIndex, text[end].isWhitespace, !text[end].isNewline else {
                index = end
                continue
            }
            var next = end
            while next < text.endIndex, text[next].isWhitespace, !text[next].isNewline { next = text.index(after: next) }
            if next < text.endIndex, !text[next].isNewline,
                text[next].isLowercase || (character == "." && isAbbreviation(before: index, in: text))
            {
                index = next
                continue
            }
            if let open = start { result.append(open..<end) }
            start = nil
            index = end
        }
        if let open = start { result.append(open..<trimmedEnd(text, open, text.endIndex)) }
        return result.filter { !$0.isEmpty }
    }

    private static let terminators: Set<Character> = [".", "!", "?", "…", "。", "！", "？"]
    private static let closers: Set<Character> = [")", "]", "\"", "'", "”", "’", "»"]

    /// Words that end in a dot without ending a sentence (compared lower-cased, inner dots kept).
    private static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "st", "sr", "jr", "prof", "ave", "blvd", "rd", "apt", "ste", "mt", "ft", "no", "nos",
        "vs", "etc", "e.g", "i.e", "approx", "appt", "est", "inc", "ltd", "co", "corp", "dept", "ext", "tel", "ph",
        "a.m", "p.m", "u.s", "hr", "hrs", "min", "mins", "sec", "sq", "lb", "lbs", "oz", "qty", "ref", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu",
        "thur", "thurs", "fri", "sat", "sun",
    ]

    /// Whether the word before the dot at `dot` is an abbreviation or a single letter.
    private static func isAbbreviation(before dot: String.Index, in text: String) -> Bool {
        var wordStart = dot
        while wordStart > text.startIndex {
            let previous = text.index(before: wordStart)
            let character = text[previous]
            guard character.isLetter || character == "." else { break }
            wordStart = previous
        }
        let word = text[wordStart..<dot].lowercased()
        if word.isEmpty { return false }
        return word.count == 1 || abbreviations.contains(word)
    }

    private static func trimmedEnd(_ text: String, _ start: String.Index, _ end: String.Index) -> String.Index {
        var end = end
        while end > start, text[text.index(before: end)].isWhitespace { end = text.index(before: end) }
        return end
    }
}
