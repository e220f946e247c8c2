public import Foundation
internal import GRDB
public import ParleyLanguage

extension SQLiteThreadStore {
    public func createContact(
        phone: PhoneNumber,
        name: String?,
        preferredLanguage: LanguageTag?,
        languageSource: Contact.LanguageSource?
    ) async throws(ThreadStoreError) -> Contact {
        let contact = Contact(
            id: UUID(),
            phone: phone,
            name: ThreadStoreInput.optionalName(name),
            preferredLanguage: preferredLanguage,
            languageSource: preferredLanguage == nil ? nil : languageSource,
            createdAt: now()
        )
        return try await write("create a contact") { db in
            if try ContactRecord.filter(ContactRecord.Columns.phone == phone.e164).fetchOne(db) != nil {
                throw ThreadStoreError.conflict(
                    "A contact with the number \(phone) already exists; find it by phone instead."
                )
            }
            try ContactRecord(contact).insert(db)
            return contact
        }
    }

    public func findOrCreateContact(phone: PhoneNumber) async throws(ThreadStoreError) -> Contact {
        let contact = Contact(
            id: UUID(),
            phone: phone,
            name: nil,
            preferredLanguage: nil,
            languageSource: nil,
            createdAt: now()
        )
        return try await write("find or create a contact") { db in
            if let existing = try ContactRecord.filter(ContactRecord.Columns.phone == phone.e164).fetchOne(db) {
                return try existing.model()
            }
            try ContactRecord(contact).insert(db)
            return contact
        }
    }

    public func updateContact(id: UUID, name: String?, phone: PhoneNumber) async throws(ThreadStoreError) -> Contact {
        let name = ThreadStoreInput.optionalName(name)
        return try await write("update a contact") { db in
            var contact = try Self.contact(db, id).model()
            if phone != contact.phone,
                try ContactRecord.filter(ContactRecord.Columns.phone == phone.e164).fetchOne(db) != nil
            {
                throw ThreadStoreError.conflict(
                    "Another contact has the number \(phone); merge the two contacts or pick another number."
                )
            }
            contact.name = name
            contact.phone = phone
            try ContactRecord(contact).update(db)
            return contact
        }
    }

    public func contact(id: UUID) async throws(ThreadStoreError) -> Contact {
        try await read("read a contact") { db in try Self.contact(db, id).model() }
    }

    public func contact(phone: PhoneNumber) async throws(ThreadStoreError) -> Contact? {
        try await read("read a contact") { db in
            try ContactRecord.filter(ContactRecord.Columns.phone == phone.e164).fetchOne(db)?.model()
        }
    }

    public func searchContacts(_ query: String, limit: Int) async throws(ThreadStoreError) -> [Contact] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        let query = try ThreadStoreInput.searchable(query)
        let folded = ContactRecord.fold(query.trimmingCharacters(in: .whitespacesAndNewlines))
        let digits = String(query.filter { $0.isASCII && $0.isNumber })
        let namePattern = "%" + ThreadStoreInput.escapedForLike(folded) + "%"
        return try await read("search contacts") { db in
            var sql = "SELECT * FROM contacts WHERE name_folded LIKE ? ESCAPE '\\'"
            var arguments: StatementArguments = [namePattern]
            if digits.count >= 3 {
                sql += " OR phone LIKE ?"
                arguments += ["%" + digits + "%"]
            }
            sql += " ORDER BY name_folded = '', name_folded, phone LIMIT ?"
            arguments += [limit]
            return try ContactRecord.fetchAll(db, sql: sql, arguments: arguments).map { try $0.model() }
        }
    }

    public func setPreferredLanguage(
        contactID: UUID,
        language: LanguageTag?,
        source: Contact.LanguageSource
    ) async throws(ThreadStoreError) -> Contact {
        try await write("set a contact's language") { db in
            var contact = try Self.contact(db, contactID).model()
            contact.preferredLanguage = language
            contact.languageSource = language == nil ? nil : source
            try ContactRecord(contact).update(db)
            return contact
        }
    }

    public func setFormality(contactID: UUID, formality: Contact.Formality?) async throws(ThreadStoreError) -> Contact {
        try await write("set how a contact is addressed") { db in
            var contact = try Self.contact(db, contactID).model()
            contact.formality = formality
            try ContactRecord(contact).update(db)
            return contact
        }
    }

}
