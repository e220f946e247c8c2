public import Foundation

/// One line of a translation-memory entry's history: who did what to it, when, and the wording
/// after.
public struct MemoryHistoryEntry: Sendable, Hashable, Codable, Identifiable {
    /// What was done.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// A rep or an admin proposed it.
        case proposed
        /// It was added approved (an admin's entry, an import, the starter memory).
        case added
        /// Its wording or note changed.
        case edited
        case approved
        case rejected
        /// A later approved entry for the same sentence, or an import that replaced the memory, took its place.
        case superseded
    }

    /// The line's number, increasing.
    public var id: Int64
    public var entryID: UUID
    public var at: Date
    /// Who: a rep's or admin's name, `import`, `starter`.
    public var by: String
    public var action: Action
    /// The entry's wording after the change.
    public var target: String
    public var note: String?

    public init(id: Int64, entryID: UUID, at: Date, by: String, action: Action, target: String, note: String?) {
        self.id = id
        self.entryID = entryID
        self.at = at
        self.by = by
        self.action = action
        self.target = target
        self.note = note
    }
}
