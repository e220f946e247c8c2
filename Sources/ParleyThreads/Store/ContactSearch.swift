internal import Foundation

/// A contact search as both stores run it: the query folded as names are (`name_folded`), and its
/// digits for the number. A name matches when it contains the folded query, a number when it
/// contains the query's digits (3 or more); LIKE's wildcards in the query are plain characters.
struct ContactSearch: Sendable {
    /// The query in lowercase without accents, as ``ContactRecord/fold(_:)`` stores names.
    let folded: String
    /// The query's digits when there are 3 or more ("(410) 555-0100" → 4105550100); nil otherwise.
    let digits: String?

    /// - Parameters:
    ///   - query: what was typed.
    /// - Throws: ``ThreadStoreError/Code/invalidInput`` when the query holds a NUL character.
    init(_ query: String) throws(ThreadStoreError) {
        let query = try ThreadStoreInput.searchable(query)
        folded = ContactRecord.fold(query.trimmingCharacters(in: .whitespacesAndNewlines))
        let digits = String(query.filter { $0.isASCII && $0.isNumber })
        self.digits = digits.count >= 3 ? digits : nil
    }

    /// A LIKE pattern (escaped by `\`) for names that contain the query.
    var namePattern: String { "%" + ThreadStoreInput.escapedForLike(folded) + "%" }

    /// A LIKE pattern for E.164 numbers that contain the digits (a number is `+` then digits only).
    var phonePattern: String? { digits.map { "%" + $0 + "%" } }

    /// Whether a trigram index can find the matches: the folded query has 3 characters or more.
    /// Shorter queries are read by a scan of the names (they match many, so a page fills fast).
    var usesTrigrams: Bool { folded.unicodeScalars.count >= 3 }

    /// The FTS5 query over `contacts_search` (trigram tokenizer) that finds the same contacts as the
    /// LIKE patterns: each string is a quoted phrase, so nothing in it is FTS syntax.
    var ftsQuery: String {
        var query = "name_folded : " + Self.quoted(folded)
        if let digits { query += " OR phone : " + Self.quoted(digits) }
        return query
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
