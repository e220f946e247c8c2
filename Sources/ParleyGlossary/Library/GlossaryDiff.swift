internal import ParleyLanguage

/// What changed between two versions of a glossary, in words an admin reads in the change log.
public struct GlossaryDiff: Sendable, Hashable {
    /// One line per change, e.g. `hvac-heat-pump: es: added 'bomba de calor' (preferred)`.
    public var changes: [String]

    /// The ids of the concepts the new version adds, in its order.
    public var addedConcepts: [String]
    /// The ids of the concepts both versions have but that differ, in the new version's order.
    public var changedConcepts: [String]
    /// The ids of the concepts the new version no longer has, in the old version's order.
    public var removedConcepts: [String]

    /// Whether nothing changed.
    public var isEmpty: Bool { changes.isEmpty }

    /// Compares two glossaries concept by concept.
    public init(from old: Glossary, to new: Glossary) {
        var changes: [String] = []
        var added: [String] = []
        var changed: [String] = []
        var removed: [String] = []
        let oldByID = Dictionary(old.concepts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(new.concepts.map(\.id))
        for concept in new.concepts {
            guard let before = oldByID[concept.id] else {
                let summary = concept.terms.keys.sorted(by: LanguageTag.glossaryOrder).prefix(3)
                    .compactMap { language in concept.preferredTerm(in: language).map { "\(language) '\($0.text)'" } }
                changes.append("\(concept.id): added (\(summary.joined(separator: ", ")))")
                added.append(concept.id)
                continue
            }
            let linesBefore = changes.count
            if before.partOfSpeech != concept.partOfSpeech {
                changes.append("\(concept.id): part of speech \(before.partOfSpeech?.rawValue ?? "none") → \(concept.partOfSpeech?.rawValue ?? "none")")
            }
            if before.definition != concept.definition { changes.append("\(concept.id): definition changed") }
            if before.doNotTranslate != concept.doNotTranslate {
                changes.append("\(concept.id): do-not-translate \(concept.doNotTranslate ? "set" : "cleared")")
            }
            let languages = Set(before.terms.keys).union(concept.terms.keys).sorted(by: LanguageTag.glossaryOrder)
            for language in languages {
                let oldTerms = before.terms[language] ?? []
                let newTerms = concept.terms[language] ?? []
                for term in newTerms {
                    if let previous = oldTerms.first(where: { $0.text == term.text }) {
                        if previous != term {
                            changes.append("\(concept.id): \(language): '\(term.text)' \(Self.describe(previous)) → \(Self.describe(term))")
                        }
                    } else {
                        changes.append("\(concept.id): \(language): added '\(term.text)' (\(Self.describe(term)))")
                    }
                }
                for term in oldTerms where !newTerms.contains(where: { $0.text == term.text }) {
                    changes.append("\(concept.id): \(language): removed '\(term.text)'")
                }
            }
            if changes.count > linesBefore { changed.append(concept.id) }
        }
        for concept in old.concepts where !newIDs.contains(concept.id) {
            changes.append("\(concept.id): removed")
            removed.append(concept.id)
        }
        self.changes = changes
        addedConcepts = added
        changedConcepts = changed
        removedConcepts = removed
    }

    private static func describe(_ term: Term) -> String {
        var words = [term.status.rawValue]
        if term.variant { words.append("variant") }
        if term.matchCase { words.append("match case") }
        if term.matchAccents { words.append("match accents") }
        return words.joined(separator: ", ")
    }
}
