public import ParleyGlossary

/// How a result was made: which backend, which glossary, whether the cache answered, and how long
/// each stage took.
public struct TranslationProvenance: Sendable, Hashable, Codable {
    /// Where the translation came from.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// No translation was needed or made.
        case none
        /// The backend was called (by this request or one it joined).
        case backend
        /// The in-memory cache.
        case memoryCache
        /// The persistent cache.
        case persistentCache
        /// Glossary terms or localised times, dates and durations alone: the message was nothing but
        /// protected spans, terms and such expressions.
        case glossary
        /// A keyword reply (STOP, ALTO), shown as what it means and never machine-translated.
        case keyword
        /// Approved wording from the translation memory, for every sentence.
        case memory
    }

    /// One stage's time.
    public struct StageTime: Sendable, Hashable, Codable {
        /// The stage: `intake`, `compliance`, `detect`, `protect`, `cache`, `translate`, `restore`,
        /// `backTranslate`.
        public var stage: String
        /// Its duration in microseconds.
        public var microseconds: Double
    }

    /// Where the translation came from.
    public var origin: Origin = .none
    /// The backend's identity (name and version), when one was asked or its answer was cached.
    public var backend: String?
    /// The glossary set's version, when glossaries were applied.
    public var glossaryVersion: GlossaryVersion?
    /// Each glossary's industry and version.
    public var glossaries: [String: GlossaryVersion] = [:]
    /// Whether this request joined an identical request already in flight instead of calling the
    /// backend itself.
    public var coalesced = false
    /// The placeholder style of the translation used.
    public var placeholderStyle: PlaceholderStyle?
    /// Protection strategies tried (1 when the first worked).
    public var attempts = 0
    /// Spans protected: links, numbers, emoji, variables, names.
    public var protectedSpans = 0
    /// Glossary terms enforced.
    public var glossaryTerms = 0
    /// Each stage's time, in order.
    public var stages: [StageTime] = []
    /// The translation-memory entries used, one per sentence they translated, in order.
    public var memory: [MemoryUse] = []

    /// Whether a cache answered.
    public var cacheHit: Bool { origin == .memoryCache || origin == .persistentCache }

    /// The total of the stage times, in microseconds.
    public var totalMicroseconds: Double { stages.reduce(0) { $0 + $1.microseconds } }

    /// Adds a stage's time, merging with an earlier entry of the same stage.
    mutating func record(_ stage: String, _ duration: Duration) {
        let microseconds = Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
        if let index = stages.firstIndex(where: { $0.stage == stage }) {
            stages[index].microseconds += microseconds
        } else {
            stages.append(StageTime(stage: stage, microseconds: microseconds))
        }
    }
}

extension PlaceholderStyle: Codable {}
