internal import ParleyLanguage

extension Glossary {
    /// A new concept id for a term: `<industry>-<slug of the term>` (accents folded, at most 60
    /// characters of slug), with `-2`, `-3`… added until no concept of the glossary has it.
    /// - Parameters:
    ///   - term: the term the id is made from, usually the English preferred term.
    public func newConceptID(for term: String) -> String {
        var slug = ""
        for scalar in ICU.accentFolded(term).unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.isEmpty { slug = "concept" }
        let base = "\(industry)-\(slug.prefix(60))"
        var id = base
        var number = 2
        while concepts.contains(where: { $0.id == id }) {
            id = "\(base)-\(number)"
            number += 1
        }
        return id
    }
}
