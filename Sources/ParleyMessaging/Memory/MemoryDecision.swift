/// What an admin does with a translation-memory entry.
public enum MemoryDecision: String, Sendable, Hashable, Codable, CaseIterable {
    /// Approve it (with the wording given, or its own): every preview of the industry uses it.
    case approve
    /// Turn it down, or withdraw an approved entry.
    case reject
    /// Change its wording or note and leave its status.
    case save
}
