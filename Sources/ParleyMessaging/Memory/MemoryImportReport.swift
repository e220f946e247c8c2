/// What a TMX import did: how many entries it added (and how many of them wait for review), how many
/// it replaced, and each unit it refused with why.
public struct MemoryImportReport: Sendable, Hashable, Codable {
    /// A translation unit (or one of its languages) that was not imported.
    public struct Refusal: Sendable, Hashable, Codable {
        /// The unit: its `tuid`, or its line in the file.
        public var unit: String
        /// Why, in words an admin can act on.
        public var reason: String
    }

    /// Entries added.
    public var added: Int
    /// Of those, entries that wait in the review queue rather than approved: their wording
    /// disagrees with the glossary (each entry's note says how).
    public var toReview: Int
    /// Approved entries the import took the place of.
    public var superseded: Int
    /// What was refused, and why.
    public var refused: [Refusal]
}
