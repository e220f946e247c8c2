/// An approved entry found for a sentence, and how close its source is (1 for the same sentence).
public struct MemoryMatch: Sendable, Hashable {
    /// The entry.
    public var entry: MemoryEntry
    /// How alike the sentence and the entry's source are, from 0 to 1: one minus the word edit
    /// distance over the longer one's words (variables count as one word and must be the same).
    public var score: Double
    /// Whether the sentence is the entry's source (ignoring case, quotes and spacing).
    public var isExact: Bool

    /// The score as a whole percentage.
    public var percent: Int { Int((score * 100).rounded(.down)) }

    /// The entry's wording with the segment's values in its variables; nil when a variable has no
    /// value.
    func render(_ segment: MemorySegment) -> String? {
        var text = ""
        var cursor = entry.target.startIndex
        for (token, range) in MemoryVariable.tokens(in: entry.target) {
            guard let value = segment.values[token] else { return nil }
            text += entry.target[cursor..<range.lowerBound]
            text += value
            cursor = range.upperBound
            // "a las {time}." with "4:30 p. m.": one period, the abbreviation's.
            if value.hasSuffix("."), cursor < entry.target.endIndex, entry.target[cursor] == "." {
                cursor = entry.target.index(after: cursor)
            }
        }
        text += entry.target[cursor...]
        return text
    }
}
