internal import Foundation
internal import ParleyLanguage
public import ParleyThreads
public import ParleyTranslation
internal import Synchronization

/// An industry's translation memory in the conversation store, for the pipeline: every replica
/// reads the same approved entries.
///
/// Each lookup asks the store for the memory's revision (one small read) and rebuilds its index
/// of a direction only when the approved entries changed, so an entry approved on one replica is
/// used by the next preview on every replica.
public final class StoreTranslationMemory: TranslationMemory {
    /// The store.
    public let store: any ThreadStore
    /// The industry.
    public let industry: String
    private let indexes = Mutex<[LanguagePair: (revision: Int64, index: MemoryIndex)]>([:])

    /// - Parameters:
    ///   - store: the conversation store.
    ///   - industry: the industry whose approved entries are used.
    public init(store: any ThreadStore, industry: String) {
        self.store = store
        self.industry = industry
    }

    public func index(for pair: LanguagePair) async throws -> MemoryIndex {
        let revision = try await currentRevision()
        if let cached = indexes.withLock({ $0[pair] }), cached.revision == revision { return cached.index }
        let stored = try await store.approvedMemoryEntries(
            industry: industry, sourceLanguage: pair.source, targetLanguages: MemoryIndex.languages(serving: pair.target))
        let index = MemoryIndex(stored.map(MemoryEntry.init), pair: pair)
        indexes.withLock { $0[pair] = (revision, index) }
        return index
    }
}

extension MemoryEntry {
    /// The pipeline's view of a stored entry.
    public init(_ stored: StoredMemoryEntry) {
        self.init(
            id: stored.id.uuidString.lowercased(), sourceLanguage: stored.sourceLanguage, targetLanguage: stored.targetLanguage,
            source: stored.source, target: stored.target)
    }
}
