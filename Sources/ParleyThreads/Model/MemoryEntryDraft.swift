public import Foundation
public import ParleyLanguage

/// A translation-memory entry to add (``ThreadStore/addMemoryEntries(_:replacing:at:)``): a rep's
/// proposal, an admin's entry, an imported or a starter one.
public struct MemoryEntryDraft: Sendable, Hashable {
    public var industry: String
    public var sourceLanguage: LanguageTag
    public var targetLanguage: LanguageTag
    /// The English sentence, with variables.
    public var source: String
    /// ``source`` normalised for exact matching.
    public var sourceKey: String
    /// The wording, with the same variables; empty for a request for review.
    public var target: String
    /// ``StoredMemoryEntry/Status/proposed`` or ``StoredMemoryEntry/Status/approved``.
    public var status: StoredMemoryEntry.Status
    public var origin: StoredMemoryEntry.Origin
    public var note: String?
    public var machineTarget: String?
    public var messageID: UUID?
    public var externalID: String?
    /// Who proposes or brings it.
    public var createdBy: String

    public init(
        industry: String, sourceLanguage: LanguageTag, targetLanguage: LanguageTag, source: String, sourceKey: String,
        target: String, status: StoredMemoryEntry.Status, origin: StoredMemoryEntry.Origin, note: String? = nil,
        machineTarget: String? = nil, messageID: UUID? = nil, externalID: String? = nil, createdBy: String
    ) {
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
    }
}
