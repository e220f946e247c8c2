internal import ParleyLanguage

extension GlossaryTable {
    /// Merges the table's rows into a glossary.
    ///
    /// A row joins the concept that already has one of its terms (in the same language); otherwise
    /// it becomes a new concept. A term that is new for a language becomes its preferred term (the
    /// previous one is kept as admitted) in an equivalent-sets row and in a pair's target; a pair's
    /// source term that is new is added as admitted, or preferred when the language had none.
    /// Rows the glossary already holds change nothing, so an exported table imports unchanged.
    public func merged(into glossary: Glossary) -> Glossary {
        var result = glossary
        for row in rows {
            let index = conceptIndex(for: row, in: result) ?? {
                result.concepts.append(Concept(id: Self.newID(for: row, in: result)))
                return result.concepts.count - 1
            }()
            var concept = result.concepts[index]
            for (position, (language, text)) in row.terms.enumerated() {
                let isPairSource = position == 0 && { if case .pair = shape { true } else { false } }()
                Self.add(text, language: language, to: &concept, asPreferred: !isPairSource)
            }
            if let pos = row.partOfSpeech { concept.partOfSpeech = pos }
            if let description = row.description { concept.definition = description }
            result.concepts[index] = concept
        }
        return result
    }

    private func conceptIndex(for row: Row, in glossary: Glossary) -> Int? {
        for (language, text) in row.terms {
            let key = TermFolding.lenientKey(text)
            if let index = glossary.concepts.firstIndex(where: { concept in
                concept.terms[language]?.contains { $0.status != .forbidden && TermFolding.lenientKey($0.text) == key } ?? false
            }) {
                return index
            }
        }
        return nil
    }

    private static func add(_ text: String, language: LanguageTag, to concept: inout Concept, asPreferred: Bool) {
        var terms = concept.terms[language] ?? []
        if let existing = terms.firstIndex(where: { $0.text == text }) {
            // Known already: a target or set cell that is not yet preferred becomes preferred.
            if asPreferred, terms[existing].status != .preferred {
                for index in terms.indices where terms[index].status == .preferred { terms[index].status = .admitted }
                terms[existing].status = .preferred
            }
        } else if asPreferred || !terms.contains(where: { $0.status == .preferred }) {
            for index in terms.indices where terms[index].status == .preferred { terms[index].status = .admitted }
            terms.append(Term(text, status: .preferred))
        } else {
            terms.append(Term(text, status: .admitted))
        }
        concept.terms[language] = terms
    }

    /// `<industry>-<slug of the first term>` (the English one when the row has it), made unique.
    private static func newID(for row: Row, in glossary: Glossary) -> String {
        let english = row.terms.first { $0.0.identifier == "en" }?.1 ?? row.terms[0].1
        return glossary.newConceptID(for: english)
    }
}
