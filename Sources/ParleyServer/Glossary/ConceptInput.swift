internal import ParleyMessaging
internal import HTTPTypes
internal import ParleyGlossary
internal import ParleyLanguage

/// The body of `POST /v1/glossaries/:industry/concepts` and `PUT …/concepts/:id`: a concept as
/// ``Concept`` encodes it, and optionally the glossary version the admin edited.
struct ConceptInput: Decodable {
    /// The concept's id; made from its English (or first) preferred term when a new concept has none.
    var id: String?
    var partOfSpeech: PartOfSpeech?
    var definition: String?
    var doNotTranslate: Bool?
    /// Terms by BCP 47 language tag.
    var terms: [String: [Term]]
    /// The glossary version the edit starts from; a 409 problem when the glossary has moved on.
    var baseVersion: String?

    /// The concept, with `id` for its id.
    func concept(id: String) throws -> Concept {
        var byLanguage: [LanguageTag: [Term]] = [:]
        for (key, terms) in terms {
            guard let tag = LanguageTag(key), !tag.isUndetermined else {
                throw Problem(.badRequest, "Unknown language", detail: "'\(key)' in terms is not a BCP 47 language tag such as es or zh-Hant.")
            }
            byLanguage[SupportedLanguage.matching(tag)?.tag ?? tag, default: []].append(contentsOf: terms)
        }
        return Concept(
            id: id, partOfSpeech: partOfSpeech, definition: definition, doNotTranslate: doNotTranslate ?? false,
            terms: byLanguage)
    }

    /// The term a new id is made from: the English preferred term, else any language's.
    var termForID: String? {
        let english = terms.first { LanguageTag($0.key)?.identifier == "en" }?.value
        let anyLanguage = terms.keys.sorted().compactMap { terms[$0] }.first { !$0.isEmpty }
        let candidates = english ?? anyLanguage ?? []
        return (candidates.first { $0.status == .preferred } ?? candidates.first)?.text
    }
}
