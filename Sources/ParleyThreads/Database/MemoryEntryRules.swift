internal import Foundation
internal import ParleyLanguage

/// The checks and rules both stores apply to the translation memory, so SQLite and PostgreSQL refuse
/// the same input with the same messages and write the same rows.
enum MemoryEntryRules {
    /// A new entry from a draft: text trimmed, a new identifier, created and updated `at`.
    ///
    /// A draft is proposed or approved; an approved one needs a wording.
    static func entry(_ draft: MemoryEntryDraft, at: Date) throws(ThreadStoreError) -> StoredMemoryEntry {
        let industry = try ThreadStoreInput.required(draft.industry, "A memory entry's industry")
        let source = try ThreadStoreInput.required(draft.source, "A memory entry's source sentence")
        let sourceKey = try ThreadStoreInput.required(draft.sourceKey, "A memory entry's source key")
        let createdBy = try ThreadStoreInput.required(draft.createdBy, "A memory entry's author")
        guard draft.status == .proposed || draft.status == .approved else {
            throw .invalidInput(
                "A new memory entry is proposed or approved, not \(draft.status.rawValue); add it, then review it.")
        }
        let target = try checkedTarget(draft.target, status: draft.status, source: source)
        return StoredMemoryEntry(
            id: UUID(), industry: industry, sourceLanguage: draft.sourceLanguage, targetLanguage: draft.targetLanguage,
            source: source, sourceKey: sourceKey, target: target, status: draft.status, origin: draft.origin,
            note: ThreadStoreInput.optionalName(draft.note), machineTarget: draft.machineTarget,
            messageID: draft.messageID, externalID: ThreadStoreInput.optionalName(draft.externalID),
            createdBy: createdBy, createdAt: at, updatedAt: at)
    }

    /// The history line a new entry starts with: `added` when approved, `proposed` otherwise.
    static func addedAction(_ entry: StoredMemoryEntry) -> MemoryHistoryEntry.Action {
        entry.status == .approved ? .added : .proposed
    }

    /// A review's input, checked before the transaction.
    struct Review: Sendable {
        var status: StoredMemoryEntry.Status
        /// The wording, trimmed.
        var target: String
        /// nil keeps the entry's note; `.some(nil)` clears it (an empty remark).
        var note: String??
        var by: String
        var at: Date

        init(status: StoredMemoryEntry.Status, target: String, note: String?, by: String, at: Date)
            throws(ThreadStoreError)
        {
            self.status = status
            self.target = try checkedTarget(target, status: status, source: nil)
            self.note = note.map { ThreadStoreInput.optionalName($0) }
            self.by = try ThreadStoreInput.required(by, "A memory review's admin")
            self.at = at
        }

        /// The entry after the review, its history line's action, and whether the approved entries
        /// changed (it became or stopped being approved, or an approved wording changed).
        func applied(
            to entry: StoredMemoryEntry
        ) -> (entry: StoredMemoryEntry, action: MemoryHistoryEntry.Action, changesApproved: Bool) {
            var reviewed = entry
            reviewed.status = status
            reviewed.target = target
            if let note { reviewed.note = note }
            if status == .approved || status == .rejected {
                reviewed.reviewedBy = by
                reviewed.reviewedAt = at
            }
            reviewed.updatedAt = at
            let action: MemoryHistoryEntry.Action =
                switch status {
                case entry.status: .edited
                case .proposed: .proposed
                case .approved: .approved
                case .rejected: .rejected
                case .superseded: .superseded
                }
            let wasApproved = entry.status == .approved
            let isApproved = status == .approved
            let changesApproved = wasApproved != isApproved || (isApproved && target != entry.target)
            return (reviewed, action, changesApproved)
        }
    }

    /// The industries and language pairs a replacing import supersedes first, each with the author of
    /// its first entry, in a stable order.
    static func replaced(_ entries: [StoredMemoryEntry]) -> [(pair: MemoryPair, by: String)] {
        var authors: [MemoryPair: String] = [:]
        for entry in entries where authors[MemoryPair(entry: entry)] == nil {
            authors[MemoryPair(entry: entry)] = entry.createdBy
        }
        return authors.sorted { $0.key < $1.key }.map { (pair: $0.key, by: $0.value) }
    }

    /// The industry whose history to list; ignored, and not checked, when the history is one entry's.
    static func historyIndustry(_ industry: String, entryID: UUID?) throws(ThreadStoreError) -> String {
        guard entryID == nil else { return industry }
        return try ThreadStoreInput.required(industry, "The memory's industry")
    }

    /// Refuses a review when the entry is not in a status the reviewer expected.
    static func checkStatus(
        _ entry: StoredMemoryEntry, onlyFrom: Set<StoredMemoryEntry.Status>?
    ) throws(ThreadStoreError) {
        guard let onlyFrom, !onlyFrom.contains(entry.status) else { return }
        let expected = onlyFrom.isEmpty ? "what you saw" : onlyFrom.map(\.rawValue).sorted().joined(separator: " or ")
        throw .conflict(
            "The memory entry \(entry.id) is \(entry.status.rawValue), no longer \(expected): someone reviewed it "
                + "meanwhile; reload it and look again.")
    }

    static func notFound(_ id: UUID) -> ThreadStoreError {
        .notFound("There is no translation-memory entry \(id); check the identifier.")
    }

    /// A wording trimmed; an approved entry's must not be empty.
    private static func checkedTarget(
        _ target: String, status: StoredMemoryEntry.Status, source: String?
    ) throws(ThreadStoreError) -> String {
        let trimmed = target.trimmingCharacters(in: .whitespacesAndNewlines)
        if status == .approved, trimmed.isEmpty {
            let sentence = source.map { " for '\($0)'" } ?? ""
            throw .invalidInput(
                "An approved memory entry needs a wording\(sentence); give one, or leave the entry proposed.")
        }
        return trimmed
    }
}

/// An industry and a language pair: the entries one sentence's approved entry competes with, and
/// what a replacing import supersedes.
struct MemoryPair: Sendable, Hashable, Comparable {
    var industry: String
    var sourceLanguage: LanguageTag
    var targetLanguage: LanguageTag

    init(entry: StoredMemoryEntry) {
        industry = entry.industry
        sourceLanguage = entry.sourceLanguage
        targetLanguage = entry.targetLanguage
    }

    static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.industry, lhs.sourceLanguage.identifier, lhs.targetLanguage.identifier)
            < (rhs.industry, rhs.sourceLanguage.identifier, rhs.targetLanguage.identifier)
    }
}
