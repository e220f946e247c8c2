internal import Foundation
public import ParleyLanguage
internal import ParleyTranslation
internal import Synchronization

/// The language pairs the translation engine said it translates, kept for a few minutes so a page
/// or a language change does not ask the engine each time.
final class EnginePairs: Sendable {
    private struct Known {
        var engine: String
        var pairs: [LanguagePair]
        var until: Date
    }

    private let known = Mutex<Known?>(nil)
    /// How long an answer holds.
    static let lifetime: TimeInterval = 300
    /// How long a failure to answer holds before the engine is asked again.
    static let retryAfterFailure: TimeInterval = 30

    /// The engine's pairs, asked again when the engine changed or the answer is old; nil when the
    /// engine does not say (an empty list) or failed to answer.
    func pairs(of backend: any TranslationBackend, now: Date) async -> [LanguagePair]? {
        if let cached = known.withLock({ $0 }), cached.engine == backend.identity, cached.until > now {
            return cached.pairs.isEmpty ? nil : cached.pairs
        }
        // An engine that does not answer is asked again soon, not on every page: a page never waits
        // for it more than once in a while.
        let pairs = try? await backend.supportedPairs()
        let lifetime = pairs == nil ? Self.retryAfterFailure : Self.lifetime
        known.withLock { $0 = Known(engine: backend.identity, pairs: pairs ?? [], until: now.addingTimeInterval(lifetime)) }
        return pairs?.isEmpty == false ? pairs : nil
    }
}

extension Messaging {
    /// The languages a rep can pick for a contact, by name, each saying whether this service's
    /// translation engine translates the reps' language into it.
    public func languages() async -> [LanguageChoice] {
        let pipeline = self.pipeline
        let pairs = await enginePairs.pairs(of: pipeline.backend, now: now())
        return LanguageChoice.catalog.map { choice in
            var choice = choice
            choice.translatable = Self.translates(pairs, from: pipeline.configuration.repLanguage, into: choice.tag)
            return choice
        }
    }

    /// Whether replies can be translated into a language: it is the reps' own, or the engine lists a
    /// pair from the reps' language into it (or does not list its pairs at all).
    /// - Parameters:
    ///   - tag: the contact's language.
    public func canTranslate(into tag: LanguageTag) async -> Bool {
        let pipeline = self.pipeline
        let pairs = await enginePairs.pairs(of: pipeline.backend, now: now())
        return Self.translates(pairs, from: pipeline.configuration.repLanguage, into: tag)
    }

    /// The one rule for the language a rep or admin sets for a contact (the API, the pages, New
    /// Conversation): a language of ``LanguageChoice/catalog``, by tag or by name ("Spanish" is
    /// `es`), that the engine can translate into.
    /// - Parameters:
    ///   - text: what was given.
    /// - Throws: ``MessagingError/Code/invalidInput`` with what to do instead.
    public func chosenLanguage(_ text: String) async throws(MessagingError) -> LanguageTag {
        let given = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let choice = LanguageChoice.named(given) else {
            let shown = given.count > 40 ? String(given.prefix(40)) + "…" : given
            throw Self.cannotTranslate(shown.isEmpty ? "an empty language" : shown)
        }
        guard await canTranslate(into: choice.tag) else { throw Self.cannotTranslate(choice.name) }
        return choice.tag
    }

    static func cannotTranslate(_ language: String) -> MessagingError {
        .invalidInput(
            "Language not available",
            "Parley cannot translate into \(language) with this service's translation engine; pick one of the listed languages.")
    }

    static func translates(_ pairs: [LanguagePair]?, from rep: LanguageTag, into tag: LanguageTag) -> Bool {
        if tag.language == rep.language { return true }
        guard let pairs else { return true }
        let wanted = SupportedLanguage.matching(tag)?.tag
        return pairs.contains { pair in
            guard pair.source.language == rep.language else { return false }
            if let wanted, let offered = SupportedLanguage.matching(pair.target)?.tag { return offered == wanted }
            return pair.target.language == tag.language
        }
    }
}
