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
        let now = self.now()
        let contact = Contact(
            id: .timeOrdered(at: now),
            phone: phone,
            name: ThreadStoreInput.optionalName(name),
            preferredLanguage: preferredLanguage,
            languageSource: preferredLanguage == nil ? nil : languageSource,
            createdAt: now
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
        let now = self.now()
        return try await write("find or create a contact") { db in try Self.findOrCreateContact(db, phone: phone, at: now) }
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
        try await searchContacts(query, limit: limit, after: nil)
    }

    public func searchContacts(_ query: String, limit: Int, after: Contact?) async throws(ThreadStoreError) -> [Contact] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        let search = try ContactSearch(query)
        return try await read("search contacts") { db in
            let match = Self.contactMatch(search)
            var sql = "SELECT contacts.* FROM contacts WHERE " + match.sql
            var arguments = match.arguments
            if let after {
                let folded = ContactRecord.fold(after.name ?? "")
                sql += " AND (contacts.name_folded = '', contacts.name_folded, contacts.phone) > (?, ?, ?)"
                arguments += [folded.isEmpty, folded, after.phone.e164]
            }
            sql += " ORDER BY contacts.name_folded = '', contacts.name_folded, contacts.phone LIMIT ?"
            arguments += [limit]
            return try ContactRecord.fetchAll(db, sql: sql, arguments: arguments).map { try $0.model() }
        }
    }

    /// The condition a search puts on `contacts`: the FTS5 trigram index `contacts_search` (kept by
    /// triggers, see the `v10-search` migration) for 3 characters or more, else a scan of the names.
    static func contactMatch(_ search: ContactSearch) -> (sql: String, arguments: StatementArguments) {
        guard search.usesTrigrams else { return (#"contacts.name_folded LIKE ? ESCAPE '\'"#, [search.namePattern]) }
        return ("contacts.rowid IN (SELECT rowid FROM contacts_search WHERE contacts_search MATCH ?)", [search.ftsQuery])
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
