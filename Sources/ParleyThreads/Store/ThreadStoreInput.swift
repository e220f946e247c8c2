internal import Foundation

/// The input checks both stores apply before writing, so SQLite and Postgres refuse the same things
/// with the same messages.
enum ThreadStoreInput {
    /// Text trimmed of surrounding white space, which must not be empty.
    static func required(_ text: String, _ what: String) throws(ThreadStoreError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalidInput("\(what) is empty; give one.") }
        return trimmed
    }

    /// A limit for a list, which must be positive.
    static func checked(limit: Int) throws(ThreadStoreError) -> Int {
        guard limit > 0 else { throw .invalidInput("The limit is \(limit); give 1 or more.") }
        return limit
    }

    /// A name trimmed, or nil when nothing is left.
    static func optionalName(_ name: String?) -> String? {
        guard let trimmed = name?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// A search, which must not hold a NUL: PostgreSQL refuses one even in a query, and no stored
    /// text has one.
    static func searchable(_ query: String) throws(ThreadStoreError) -> String {
        guard !query.unicodeScalars.contains("\0") else {
            throw .invalidInput("The search contains a NUL character; remove it.")
        }
        return query
    }

    /// Text with LIKE's wildcards escaped by `\`.
    static func escapedForLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// A provider identifier trimmed, nil when empty.
    static func optionalProviderID(_ id: String?) throws(ThreadStoreError) -> String? {
        guard let id else { return nil }
        let trimmed = id.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw .invalidInput("The provider message identifier is empty; pass nil when there is none.")
        }
        return trimmed
    }

    /// A lease's length in seconds; more than zero.
    static func seconds(lease: Duration) throws(ThreadStoreError) -> Double {
        let (seconds, attoseconds) = lease.components
        let value = Double(seconds) + Double(attoseconds) * 1e-18
        guard value > 0 else { throw .invalidInput("The lease is \(lease); give more than zero.") }
        return value
    }
}
