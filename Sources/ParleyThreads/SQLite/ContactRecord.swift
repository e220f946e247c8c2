internal import Foundation
internal import GRDB
internal import ParleyLanguage
internal import ParleyTranslation

/// One row of the `contacts` table.
struct ContactRecord: Codable, Sendable, Hashable {
    var id: String
    var phone: String
    var name: String?
    /// ``name`` folded for search: see ``fold(_:)``.
    var nameFolded: String
    var preferredLanguage: String?
    var languageSource: String?
    var formality: String?
    var createdAt: Double
    var consentState: String?
    var consentAt: Double?
    var consentMessageID: String?
    var consentKeyword: String?

    init(_ contact: Contact) {
        id = contact.id.databaseText
        phone = contact.phone.e164
        name = contact.name
        nameFolded = Self.fold(contact.name ?? "")
        preferredLanguage = contact.preferredLanguage?.identifier
        languageSource = contact.preferredLanguage == nil ? nil : contact.languageSource?.rawValue
        formality = contact.formality?.rawValue
        createdAt = contact.createdAt.timeIntervalSince1970
        consentState = contact.consent?.state.rawValue
        consentAt = contact.consent?.at.timeIntervalSince1970
        consentMessageID = contact.consent?.messageID?.databaseText
        consentKeyword = contact.consent?.keyword
    }

    func model() throws(ThreadStoreError) -> Contact {
        Contact(
            id: try RowDecoding.uuid(id, "contacts.id"),
            phone: try RowDecoding.phone(phone, "contacts.phone"),
            name: name,
            preferredLanguage: try RowDecoding.language(preferredLanguage, "contacts.preferred_language"),
            languageSource: try languageSource.map { text throws(ThreadStoreError) in
                try RowDecoding.value(text, "contacts.language_source")
            },
            formality: try formality.map { text throws(ThreadStoreError) in
                try RowDecoding.value(text, "contacts.formality")
            },
            createdAt: RowDecoding.date(createdAt),
            consent: try RowDecoding.consent(
                state: consentState, at: consentAt, messageID: consentMessageID, keyword: consentKeyword)
        )
    }

    /// Text in lowercase without accents or width differences: "José PÉREZ" → "jose perez".
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    enum CodingKeys: String, CodingKey {
        case id, phone, name
        case nameFolded = "name_folded"
        case preferredLanguage = "preferred_language"
        case languageSource = "language_source"
        case formality
        case createdAt = "created_at"
        case consentState = "consent_state"
        case consentAt = "consent_at"
        case consentMessageID = "consent_message_id"
        case consentKeyword = "consent_keyword"
    }
}

extension ContactRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "contacts" }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let phone = Column(CodingKeys.phone)
        static let nameFolded = Column(CodingKeys.nameFolded)
    }
}
