internal import ParleyLanguage

/// Where the pipeline finds approved wording: a translation memory, asked for the approved entries
/// of a direction before each reply is translated.
///
/// An implementation backed by a database keeps its index and rebuilds it only when the approved
/// entries changed, so an entry approved on one replica is used by the next preview on every one.
public protocol TranslationMemory: Sendable {
    /// The approved entries from `pair.source` into `pair.target` (and into its language alone:
    /// `es` entries serve an `es-MX` contact).
    func index(for pair: LanguagePair) async throws -> MemoryIndex
}

/// A translation memory held in memory: a fixed list of entries (tests, the command line, a
/// messaging core that keeps its own).
public struct FixedTranslationMemory: TranslationMemory {
    /// The entries.
    public let entries: [MemoryEntry]

    /// - Parameters:
    ///   - entries: approved entries.
    public init(_ entries: [MemoryEntry]) {
        self.entries = entries
    }

    public func index(for pair: LanguagePair) async throws -> MemoryIndex {
        MemoryIndex(entries, pair: pair)
    }
}
