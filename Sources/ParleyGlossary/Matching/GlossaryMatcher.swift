public import ParleyLanguage

/// Finds every glossary term of a message in one pass.
///
/// Terms and messages are split into word tokens on ICU word boundaries (each Han or kana character
/// a token) and folded with ICU; a trie over the tokens finds, from each position, the longest
/// term that starts there, left to right without overlaps. Matching ignores case and accents
/// unless a term asks for them (`matchCase`, `matchAccents`). Do-not-translate concepts match in
/// every language.
///
/// Build one matcher per glossary version and language, and reuse it: it is immutable and
/// `Sendable`.
public struct GlossaryMatcher: Sendable {
    /// The language whose terms are matched.
    public let language: LanguageTag
    /// The glossaries' versions, for cache keys.
    public private(set) var versions: [String: GlossaryVersion] = [:]

    private struct Entry: Sendable {
        var concept: Int
        var term: Term
        var language: LanguageTag
        var lenient: [String]
        var folded: [String]
        var exact: [String]
    }

    private var tokenIDs: [UInt64: Int32] = [:]
    private var edges: [UInt64: Int32] = [:]
    private var terminals: [Int32: [Entry]] = [:]
    private var nodeCount: Int32 = 1
    private var concepts: [(concept: Concept, industry: String)] = []

    /// The number of terms the matcher knows.
    public private(set) var termCount = 0

    /// - Parameters:
    ///   - glossaries: the glossaries to match (an industry's, and the do-not-translate list).
    ///   - language: the language of the messages.
    public init(glossaries: [Glossary], language: LanguageTag) {
        self.language = language
        var versions: [String: GlossaryVersion] = [:]
        for glossary in glossaries {
            versions[glossary.industry] = glossary.version
            for concept in glossary.concepts {
                let index = concepts.count
                concepts.append((concept, glossary.industry))
                for (termLanguage, terms) in concept.terms where termLanguage == language || concept.doNotTranslate {
                    for term in terms { insert(term, language: termLanguage, concept: index) }
                }
            }
        }
        self.versions = versions
    }

    /// Every term found in a text, in text order, longest match first at each position.
    public func matches(in text: String) -> [GlossaryMatch] {
        let tokenized = TokenizedText(text)
        let tokens = tokenized.tokens
        var matches: [GlossaryMatch] = []
        var start = 0
        while start < tokens.count {
            if let (entry, end) = longestMatch(tokenized, from: start) {
                let first = tokens[start].utf16Range.lowerBound
                let last = tokens[end - 1].utf16Range.upperBound
                let range = String.Index(utf16Offset: first, in: text)..<String.Index(utf16Offset: last, in: text)
                let (concept, industry) = concepts[entry.concept]
                matches.append(GlossaryMatch(
                    range: range, utf16Range: first..<last, text: String(text[range]), term: entry.term,
                    language: entry.language, concept: concept, industry: industry))
                start = end
            } else {
                start += 1
            }
        }
        return matches
    }

    // MARK: - Trie

    private mutating func insert(_ term: Term, language: LanguageTag, concept: Int) {
        let tokenized = TokenizedText(term.text)
        guard !tokenized.tokens.isEmpty else { return }
        var node: Int32 = 0
        for (index, token) in tokenized.tokens.enumerated() {
            // Punctuation inside a term ("Dr. Smith", "heat pump, 2-stage") is part of its path, so
            // the term still matches where the message has the same punctuation.
            if index > 0 && token.breakBefore { node = Self.child(of: node, via: Self.breakToken, in: &edges, count: &nodeCount) }
            let id = tokenIDs[token.key] ?? {
                let id = Int32(tokenIDs.count)
                tokenIDs[token.key] = id
                return id
            }()
            node = Self.child(of: node, via: id, in: &edges, count: &nodeCount)
        }
        let indices = tokenized.tokens.indices
        terminals[node, default: []].append(Entry(
            concept: concept, term: term, language: language, lenient: indices.map(tokenized.lenient),
            folded: indices.map(tokenized.folded), exact: indices.map(tokenized.exact)))
        termCount += 1
    }

    private func longestMatch(_ text: TokenizedText, from start: Int) -> (Entry, Int)? {
        let tokens = text.tokens
        var node: Int32 = 0
        var best: (Entry, Int)?
        var index = start
        while index < tokens.count {
            if index > start && tokens[index].breakBefore {
                guard let afterBreak = edges[Self.edge(node, Self.breakToken)] else { break }
                node = afterBreak
            }
            guard let id = tokenIDs[tokens[index].key], let next = edges[Self.edge(node, id)] else { break }
            node = next
            index += 1
            if let entries = terminals[node], let entry = choose(entries, text, start..<index) {
                best = (entry, index)
            }
        }
        return best
    }

    /// The entry that fits the text best: its tokens really are the text's (not a hash collision),
    /// its case and accent rules hold, accents that agree beat accents that do not, and a preferred
    /// term beats an admitted or forbidden one.
    private func choose(_ entries: [Entry], _ text: TokenizedText, _ span: Range<Int>) -> Entry? {
        let lenient = span.map(text.lenient)
        let candidates = entries.filter { $0.lenient == lenient }
        // The common case: one term, no case or accent rule — nothing more to compare.
        if candidates.count == 1, !candidates[0].term.matchAccents, !candidates[0].term.matchCase {
            return candidates[0]
        }
        guard !candidates.isEmpty else { return nil }
        let folded = span.map(text.folded)
        var best: (entry: Entry, rank: Int)?
        for entry in candidates {
            let accentsAgree = entry.folded == folded
            if entry.term.matchAccents && !accentsAgree { continue }
            if entry.term.matchCase && !entry.exact.elementsEqual(span.lazy.map(text.exact)) { continue }
            var rank = accentsAgree ? 10 : 0
            switch entry.term.status {
            case .preferred: rank += 2
            case .admitted: rank += 1
            case .forbidden: rank += 0
            }
            if best.map({ rank > $0.rank }) ?? true { best = (entry, rank) }
        }
        return best?.entry
    }

    /// The trie edge for sentence punctuation between two words of a term.
    private static let breakToken: Int32 = -1

    private static func child(of node: Int32, via token: Int32, in edges: inout [UInt64: Int32], count: inout Int32) -> Int32 {
        let key = edge(node, token)
        if let next = edges[key] { return next }
        edges[key] = count
        count += 1
        return count - 1
    }

    private static func edge(_ node: Int32, _ token: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: token))
    }
}
