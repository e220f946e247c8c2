public import Foundation
public import ParleyLanguage

/// One entry of an industry's translation memory: an English sentence and its wording in a
/// contact's language, with values that change from message to message written as variables
/// (`Your technician will arrive at {time}.` → `Su técnico llegará a las {time}.`).
///
/// Reps propose entries (a better wording, or a request for one), admins approve, edit or reject
/// them; only approved entries translate. Every change leaves a ``MemoryHistoryEntry``.
public struct StoredMemoryEntry: Sendable, Hashable, Codable, Identifiable {
    /// Where an entry stands.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for an admin.
        case proposed
        /// Used by every preview of the industry.
        case approved
        /// Turned down by an admin.
        case rejected
        /// Was approved; a later approved entry for the same sentence, or an import that replaced the
        /// memory, took its place.
        case superseded
    }

    /// Who or what brought the entry.
    public enum Origin: String, Sendable, Hashable, Codable, CaseIterable {
        /// A rep flagged a translation in a thread.
        case rep
        /// An admin wrote it.
        case admin
        /// A TMX file an admin imported.
        case imported
        /// The starter memory shipped with Parley for the industry.
        case starter
    }

    /// The entry's identifier.
    public var id: UUID
    /// The industry, e.g. `hvac`.
    public var industry: String
    /// The language of ``source`` (the reps' language).
    public var sourceLanguage: LanguageTag
    /// The language of ``target``.
    public var targetLanguage: LanguageTag
    /// The English sentence, with variables (`{time}`, `{amount}`).
    public var source: String
    /// ``source`` normalised for exact matching (case folded, spaces collapsed).
    public var sourceKey: String
    /// The wording in ``targetLanguage``, with the same variables; empty when a rep asked for a
    /// review without proposing any.
    public var target: String
    /// Where the entry stands.
    public var status: Status
    /// Who or what brought it.
    public var origin: Origin
    /// The rep's reason or the admin's remark.
    public var note: String?
    /// What the translation engine wrote, for an entry a rep flagged.
    public var machineTarget: String?
    /// The message the rep flagged.
    public var messageID: UUID?
    /// The identifier the entry had where it came from (a TMX `tuid`, a starter id).
    public var externalID: String?
    /// Who proposed or brought it (a rep's name, `import`, `starter`).
    public var createdBy: String
    /// When it was proposed or brought.
    public var createdAt: Date
    /// The admin who approved or rejected it last.
    public var reviewedBy: String?
    /// When.
    public var reviewedAt: Date?
    /// When it last changed.
    public var updatedAt: Date

    public init(
        id: UUID, industry: String, sourceLanguage: LanguageTag, targetLanguage: LanguageTag, source: String,
        sourceKey: String, target: String, status: Status, origin: Origin, note: String? = nil,
        machineTarget: String? = nil, messageID: UUID? = nil, externalID: String? = nil, createdBy: String,
        createdAt: Date, reviewedBy: String? = nil, reviewedAt: Date? = nil, updatedAt: Date
    ) {
        self.id = id
        self.industry = industry
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.source = source
        self.sourceKey = sourceKey
        self.target = target
        self.status = status
        self.origin = origin
        self.note = note
        self.machineTarget = machineTarget
        self.messageID = messageID
        self.externalID = externalID
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.updatedAt = updatedAt
    }
}
