/// What a TMX import did: how many entries it added and replaced, and each unit it refused with why.
public struct MemoryImportReport: Sendable, Hashable, Codable {
    /// A translation unit (or one of its languages) that was not imported.
    public struct Refusal: Sendable, Hashable, Codable {
        /// The unit: its `tuid`, or its line in the file.
        public var unit: String
        /// Why, in words an admin can act on.
        public var reason: String
    }

    /// Approved entries added.
    public var added: Int
    /// Approved entries the import took the place of.
    public var superseded: Int
    /// What was refused, and why.
    public var refused: [Refusal]
}
