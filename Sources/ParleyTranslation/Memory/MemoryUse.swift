/// An approved entry a translation used, for the provenance: which entry, for which sentence, and
/// how close its source was.
public struct MemoryUse: Sendable, Hashable, Codable {
    /// The entry's identifier.
    public var entryID: String
    /// The rep's sentence.
    public var sentence: String
    /// The entry's source, with variables.
    public var source: String
    /// How alike the two are, from 0 to 1 (1 for an exact match).
    public var score: Double
    /// Whether the sentence was the entry's source.
    public var isExact: Bool

    /// The score as a whole percentage.
    public var percent: Int { Int((score * 100).rounded(.down)) }
}
