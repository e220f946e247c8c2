internal import Foundation
public import ParleyGlossary
public import ParleyLanguage
internal import Synchronization

/// The glossaries a pipeline enforces, usually an industry's and the do-not-translate list, with one
/// version for cache keys and a matcher per language, built on first use and kept.
///
/// A glossary edit makes a new set (and so a new ``version``): build one from the edited glossaries
/// and give it to ``TranslationPipeline/using(_:)``.
public struct GlossarySet: Sendable {
    /// The glossaries, in the order given.
    public let glossaries: [Glossary]
    /// One version for all of them: the glossary's own version when there is one glossary, else a
    /// hash of every industry's name and version.
    public let version: GlossaryVersion
    /// Each glossary's industry and version.
    public let versions: [String: GlossaryVersion]
    private let matchers: MatcherShelf

    /// - Parameters:
    ///   - glossaries: the glossaries (an industry's, the do-not-translate list).
    public init(_ glossaries: [Glossary]) {
        self.glossaries = glossaries
        // A glossary's version hashes its whole TBX serialization: compute each once.
        let each = glossaries.map { ($0.industry, $0.version) }
        versions = Dictionary(each, uniquingKeysWith: { first, _ in first })
        if each.count == 1 {
            version = each[0].1
        } else {
            let listing = each.map { "\($0.0)=\($0.1.identifier)\n" }.joined()
            let digest = TranslationCacheKey.sha256(Array(listing.utf8))
            version = GlossaryVersion(identifier: "sha256:" + digest.prefix(8).map { String(format: "%02x", $0) }.joined())
        }
        matchers = MatcherShelf()
    }

    /// Loads an industry's glossary and the do-not-translate list from a library.
    /// - Parameters:
    ///   - industry: the industry, e.g. `hvac`; nil for the do-not-translate list alone.
    ///   - library: the glossary folder.
    /// - Throws: `GlossaryError` when a file is missing or invalid.
    public static func load(industry: String?, from library: GlossaryLibrary) throws(GlossaryError) -> GlossarySet {
        var glossaries: [Glossary] = []
        if let industry {
            guard industry != GlossaryLibrary.doNotTranslate else {
                throw GlossaryError([GlossaryIssue(message: "'\(industry)' is the do-not-translate list, not an industry; it is always applied")])
            }
            glossaries.append(try library.load(industry))
        }
        glossaries.append(try library.loadOrEmpty(GlossaryLibrary.doNotTranslate))
        return GlossarySet(glossaries)
    }

    /// Every source term (preferred, admitted, variants; not forbidden) with its concept's preferred
    /// target term, for a provider glossary (DeepL, Google v3): one line per distinct source term,
    /// do-not-translate names mapped to themselves.
    /// - Parameters:
    ///   - source: the source language.
    ///   - target: the target language.
    public func termPairs(from source: LanguageTag, to target: LanguageTag) -> [(source: String, target: String)] {
        var pairs: [(source: String, target: String)] = []
        var seen: Set<String> = []
        for glossary in glossaries {
            for concept in glossary.concepts {
                let sourceTerms = concept.doNotTranslate ? concept.terms.values.flatMap { $0 } : concept.terms[source] ?? []
                let targetTerm = concept.doNotTranslate ? nil : ProtectionPlan.preferredTerm(of: concept, in: target)
                for term in sourceTerms where term.status != .forbidden {
                    guard let rendered = concept.doNotTranslate ? term.text : targetTerm else { continue }
                    guard !term.text.contains("\t"), !term.text.contains("\n"), seen.insert(term.text).inserted else { continue }
                    pairs.append((term.text, rendered))
                }
            }
        }
        return pairs
    }

    /// The matcher for messages in a language (built on first use).
    /// - Parameters:
    ///   - language: the messages' language.
    public func matcher(for language: LanguageTag) -> GlossaryMatcher {
        matchers.matcher(for: language, glossaries: glossaries)
    }
}

/// Matchers by language, shared by copies of a ``GlossarySet``.
private final class MatcherShelf: Sendable {
    private let shelf = Mutex<[LanguageTag: GlossaryMatcher]>([:])

    func matcher(for language: LanguageTag, glossaries: [Glossary]) -> GlossaryMatcher {
        if let matcher = shelf.withLock({ $0[language] }) { return matcher }
        let matcher = GlossaryMatcher(glossaries: glossaries, language: language)
        return shelf.withLock { shelf in
            if let existing = shelf[language] { return existing }
            shelf[language] = matcher
            return matcher
        }
    }
}
