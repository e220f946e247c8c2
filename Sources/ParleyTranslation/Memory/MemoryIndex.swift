internal import Synchronization
public import ParleyLanguage

/// The approved entries of one direction (`en` → `es`), ready to look sentences up: exact matches
/// by key, close ones by word edit distance.
///
/// An entry for the contact's own tag (`es-MX`) wins over one for their language (`es`) at the same
/// score.
public struct MemoryIndex: Sendable {
    struct Candidate: Sendable {
        let entry: MemoryEntry
        let words: [Substring]
        let tokens: [String]
    }

    /// The direction.
    public let pair: LanguagePair
    /// A number no other index made by this process has, so answers looked up in one index are
    /// never taken for another's (``MemoryLookups``).
    let generation: UInt64 = MemoryIndex.generations.add(1, ordering: .relaxed).newValue
    private static let generations = Atomic<UInt64>(0)
    private let exact: [String: [Candidate]]
    private let candidates: [Candidate]

    /// - Parameters:
    ///   - entries: approved entries; those of another direction, and those whose wording lacks a
    ///     variable of their sentence (or has one it does not), are left out.
    ///   - pair: the direction.
    public init(_ entries: [MemoryEntry], pair: LanguagePair) {
        self.pair = pair
        var exact: [String: [Candidate]] = [:]
        var candidates: [Candidate] = []
        for entry in entries
        where entry.sourceLanguage.language == pair.source.language && Self.serves(entry.targetLanguage, pair.target) && entry.variablesAgree {
            let key = MemorySegment.key(entry.source)
            let candidate = Candidate(
                entry: entry, words: MemorySegment.words(of: key), tokens: MemoryVariable.tokens(in: entry.source).map(\.token).sorted())
            exact[key, default: []].append(candidate)
            candidates.append(candidate)
        }
        self.exact = exact
        self.candidates = candidates
    }

    /// An empty index.
    public static func empty(_ pair: LanguagePair) -> MemoryIndex { MemoryIndex([], pair: pair) }

    /// How many entries it holds.
    public var count: Int { candidates.count }

    /// Whether it holds none.
    public var isEmpty: Bool { candidates.isEmpty }

    /// The best entry for a sentence: an exact match, else the closest entry at or above
    /// `threshold` with the same variables; nil when none is that close.
    /// - Parameters:
    ///   - segment: the sentence in memory form.
    ///   - threshold: the lowest score a close match needs, from 0 to 1.
    public func match(_ segment: MemorySegment, threshold: Double) -> MemoryMatch? {
        if let found = exact[segment.key], let best = preferred(found) {
            return MemoryMatch(entry: best.entry, score: 1, isExact: true)
        }
        guard threshold < 1 else { return nil }
        let words = MemorySegment.words(of: segment.key)
        let tokens = segment.tokens.sorted()
        guard !words.isEmpty else { return nil }
        var best: (candidate: Candidate, score: Double)?
        for candidate in candidates where candidate.tokens == tokens {
            let longest = max(words.count, candidate.words.count)
            // The length difference alone bounds the distance from below.
            let floor = Double(abs(words.count - candidate.words.count)) / Double(longest)
            guard 1 - floor >= threshold else { continue }
            let distance = Self.distance(words, candidate.words, limit: Int(Double(longest) * (1 - threshold)))
            let score = 1 - Double(distance) / Double(longest)
            guard score >= threshold else { continue }
            if let current = best {
                if score > current.score || (score == current.score && isCloser(candidate.entry, than: current.candidate.entry)) {
                    best = (candidate, score)
                }
            } else {
                best = (candidate, score)
            }
        }
        return best.map { MemoryMatch(entry: $0.candidate.entry, score: $0.score, isExact: false) }
    }

    /// Whether an entry for `language` serves a contact writing `target`: the same tag, or the
    /// target's language alone (`es` serves `es-MX`).
    static func serves(_ language: LanguageTag, _ target: LanguageTag) -> Bool {
        languages(serving: target).contains(language)
    }

    /// The entry languages that serve a contact writing `target`, the closest first: `es-MX`, `es`.
    public static func languages(serving target: LanguageTag) -> [LanguageTag] {
        guard target.identifier != target.language, let language = LanguageTag(target.language) else { return [target] }
        return [target, language]
    }

    private func isCloser(_ entry: MemoryEntry, than other: MemoryEntry) -> Bool {
        entry.targetLanguage == pair.target && other.targetLanguage != pair.target
    }

    private func preferred(_ found: [Candidate]) -> Candidate? {
        found.first { $0.entry.targetLanguage == pair.target } ?? found.first
    }

    /// The word edit distance (insertions, deletions, substitutions), or `limit + 1` once it is
    /// sure to exceed `limit`.
    static func distance(_ a: [Substring], _ b: [Substring], limit: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
