internal import ParleyMessaging
internal import Foundation
internal import Hummingbird
internal import ParleyGlossary
internal import ParleyLanguage

/// The glossary editor's concept form, as posted and as shown: the concept's id (new concepts
/// only), note, part of speech, do-not-translate flag, and its terms as rows.
///
/// Field names: `id`, `definition`, `partOfSpeech`, `doNotTranslate`, `baseVersion`; each term row
/// `term.N.lang`, `term.N.text`, `term.N.status` (preferred, admitted, forbidden) and the checkboxes
/// `term.N.variant`, `term.N.matchCase`, `term.N.matchAccents` and `term.N.remove`; `drop.LANG`
/// removes a whole language. Rows with no text are skipped, so blank rows add terms.
struct ConceptForm {
    struct Row {
        var index: Int
        var language: String
        var text: String
        var status: String
        var variant = false
        var matchCase = false
        var matchAccents = false
        var remove = false
    }

    var id: String?
    var definition = ""
    var partOfSpeech = ""
    var doNotTranslate = false
    /// The glossary version the form was read at.
    var baseVersion = ""
    /// The term rows, in their order on the page.
    var rows: [Row] = []
    /// Languages whose terms are all removed.
    var droppedLanguages: Set<String> = []

    /// The form for a concept as it is (an empty one for a new concept).
    init(concept: Concept?, baseVersion: String) {
        self.baseVersion = baseVersion
        guard let concept else { return }
        definition = concept.definition ?? ""
        partOfSpeech = concept.partOfSpeech?.rawValue ?? ""
        doNotTranslate = concept.doNotTranslate
        for tag in concept.terms.keys.sorted(by: { Self.precedes($0.identifier, $1.identifier) }) {
            for term in concept.terms[tag] ?? [] {
                rows.append(
                    Row(
                        index: rows.count, language: tag.identifier, text: term.text, status: term.status.rawValue, variant: term.variant,
                        matchCase: term.matchCase, matchAccents: term.matchAccents))
            }
        }
    }

    /// The form as posted (`application/x-www-form-urlencoded`).
    /// - Throws: a 400 problem when the body is not a form.
    init(posted body: String) throws {
        let fields: [String: String]
        do {
            fields = try URLEncodedFormDecoder().decode([String: String].self, from: body)
        } catch {
            throw Problem(.badRequest, "Unreadable form", detail: "The form could not be read; reload the page and try again.")
        }
        let id = fields["id"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        self.id = id.isEmpty ? nil : id
        definition = fields["definition"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        partOfSpeech = fields["partOfSpeech"] ?? ""
        doNotTranslate = fields["doNotTranslate"] != nil
        baseVersion = fields["baseVersion"] ?? ""
        var indices: Set<Int> = []
        for key in fields.keys {
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 3, parts[0] == "term", let index = Int(parts[1]), index >= 0 { indices.insert(index) }
            if parts.count >= 2, parts[0] == "drop" { droppedLanguages.insert(String(key.dropFirst("drop.".count))) }
        }
        for index in indices.sorted() {
            func field(_ name: String) -> String? { fields["term.\(index).\(name)"] }
            rows.append(
                Row(
                    index: index, language: field("lang") ?? "", text: field("text")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "",
                    status: field("status") ?? Term.Status.preferred.rawValue, variant: field("variant") != nil,
                    matchCase: field("matchCase") != nil, matchAccents: field("matchAccents") != nil, remove: field("remove") != nil))
        }
    }

    /// The concept the form describes, as the JSON API takes it.
    /// - Throws: a 400 problem for a term without a language, an unknown status or part of speech.
    func input() throws -> ConceptInput {
        var terms: [String: [Term]] = [:]
        for row in rows where !row.text.isEmpty && !row.remove && !droppedLanguages.contains(row.language) {
            guard !row.language.isEmpty else {
                throw Problem(.badRequest, "Language missing", detail: "Choose a language for the term '\(row.text)'.")
            }
            guard let status = Term.Status(rawValue: row.status) else {
                throw Problem(.badRequest, "Unknown use", detail: "A term is preferred, admitted or forbidden, not '\(row.status)'.")
            }
            terms[row.language, default: []].append(
                Term(row.text, status: status, variant: row.variant, matchCase: row.matchCase, matchAccents: row.matchAccents))
        }
        var partOfSpeech: PartOfSpeech?
        if !self.partOfSpeech.isEmpty {
            guard let known = PartOfSpeech(rawValue: self.partOfSpeech) else {
                throw Problem(.badRequest, "Unknown part of speech", detail: "'\(self.partOfSpeech)' is not a part of speech Parley knows.")
            }
            partOfSpeech = known
        }
        return ConceptInput(
            id: id, partOfSpeech: partOfSpeech, definition: definition.isEmpty ? nil : definition,
            doNotTranslate: doNotTranslate ? true : nil, terms: terms, baseVersion: baseVersion.isEmpty ? nil : baseVersion)
    }

    /// The rows with text, kept for showing the form again (blank rows are dropped).
    var filledRows: [Row] { rows.filter { !$0.text.isEmpty } }

    /// Language tags in glossary order, without repeats: English first, then by tag.
    static func ordered(_ languages: some Sequence<String>) -> [String] {
        Set(languages).sorted(by: precedes)
    }

    /// Glossary order: English first, then by tag.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        if lhs == "en" || rhs == "en" { return lhs == "en" && rhs != "en" }
        return lhs < rhs
    }
}
