internal import ParleyThreads
internal import ParleyTranslation

extension StoreTranslationMemory {
    /// A memory revision the current task has just read with its conversation (see
    /// ``ThreadAccess/snapshot(_:messageLimit:memoryIndustry:)``), so a lookup of that industry's
    /// memory does not read it again. Nil outside a preview.
    @TaskLocal static var knownRevision: KnownRevision?

    /// An industry's memory revision as read.
    struct KnownRevision: Sendable {
        var industry: String
        var revision: Int64
    }

    /// The memory's revision: the one this task has just read, else the store's.
    func currentRevision() async throws -> Int64 {
        if let known = Self.knownRevision, known.industry == industry { return known.revision }
        return try await store.memoryRevision(industry: industry)
    }
}
