internal import Foundation
internal import ParleyLanguage

/// Turning stored column values back into model values; a value that does not parse means the row
/// was written by something other than Parley.
enum RowDecoding {
    static func uuid(_ text: String, _ column: String) throws(ThreadStoreError) -> UUID {
        guard let uuid = UUID(uuidString: text) else { throw damaged(column, text) }
        return uuid
    }

    static func optionalUUID(_ text: String?, _ column: String) throws(ThreadStoreError) -> UUID? {
        guard let text else { return nil }
        return try uuid(text, column)
    }

    static func phone(_ text: String, _ column: String) throws(ThreadStoreError) -> PhoneNumber {
        do {
            return try PhoneNumber(parsing: text)
        } catch {
            throw damaged(column, text)
        }
    }

    static func language(_ text: String?, _ column: String) throws(ThreadStoreError) -> LanguageTag? {
        guard let text else { return nil }
        guard let tag = LanguageTag(text) else { throw damaged(column, text) }
        return tag
    }

    static func language(_ text: String, _ column: String) throws(ThreadStoreError) -> LanguageTag {
        guard let tag = LanguageTag(text) else { throw damaged(column, text) }
        return tag
    }

    static func value<T: RawRepresentable<String>>(_ text: String, _ column: String) throws(ThreadStoreError) -> T {
        guard let value = T(rawValue: text) else { throw damaged(column, text) }
        return value
    }

    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    /// A contact's consent from its columns; nil when the contact never said.
    static func consent(
        state: String?,
        at: Double?,
        messageID: String?,
        keyword: String?
    ) throws(ThreadStoreError) -> Consent? {
        guard let state else { return nil }
        guard let at else { throw damaged("contacts.consent_at", "NULL") }
        return Consent(
            state: try value(state, "contacts.consent_state"),
            at: date(at),
            messageID: try optionalUUID(messageID, "contacts.consent_message_id"),
            keyword: keyword
        )
    }

    static func json<T: Decodable>(_ type: T.Type, _ text: String, _ column: String) throws(ThreadStoreError) -> T {
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw damaged(column, String(text.prefix(80)))
        }
    }

    static func jsonText<T: Encodable>(_ value: T) -> String {
        // Encoding these plain structs cannot fail.
        String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func damaged(_ column: String, _ value: String) -> ThreadStoreError {
        ThreadStoreError(
            code: .database,
            message: "The database holds '\(value)' in \(column), which Parley cannot read; the row was not "
                + "written by Parley. Fix or delete the row."
        )
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()
}

extension UUID {
    /// The form identifiers are stored in: lowercase.
    var databaseText: String { uuidString.lowercased() }
}
