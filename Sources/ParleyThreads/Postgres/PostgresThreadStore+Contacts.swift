#if PostgreSQL
public import Foundation
public import ParleyLanguage
public import ParleyTranslation
internal import PostgresNIO

extension PostgresThreadStore {
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
        return try await write("create a contact") { connection, _ in
            guard try await Self.insert(connection, contact, logger) else {
                throw ThreadStoreError.conflict(
                    "A contact with the number \(phone) already exists; find it by phone instead."
                )
            }
            return contact
        }
    }

    public func findOrCreateContact(phone: PhoneNumber) async throws(ThreadStoreError) -> Contact {
        let now = self.now()
        let contact = Contact(
            id: .timeOrdered(at: now),
            phone: phone,
            name: nil,
            preferredLanguage: nil,
            languageSource: nil,
            createdAt: now
        )
        return try await write("find or create a contact") { connection, _ in
            if try await Self.insert(connection, contact, logger) { return contact }
            // Another request stored it first; a new statement sees its commit.
            guard let row = try await connection.row("SELECT * FROM contacts WHERE phone = \(phone.e164)", logger: logger)
            else {
                throw ThreadStoreError(code: .database, message: "The contact \(phone) vanished while it was looked up; retry.")
            }
            return try PostgresRows.contact(row)
        }
    }

    public func updateContact(id: UUID, name: String?, phone: PhoneNumber) async throws(ThreadStoreError) -> Contact {
        let name = ThreadStoreInput.optionalName(name)
        return try await write("update a contact") { connection, _ in
            var contact = try await Self.contact(connection, id, logger)
            if phone != contact.phone,
                try await connection.row("SELECT id FROM contacts WHERE phone = \(phone.e164)", logger: logger) != nil
            {
                throw ThreadStoreError.conflict(
                    "Another contact has the number \(phone); merge the two contacts or pick another number."
                )
            }
            contact.name = name
            contact.phone = phone
            try await Self.update(connection, contact, logger)
            return contact
        }
    }

    public func contact(id: UUID) async throws(ThreadStoreError) -> Contact {
        try await read("read a contact") { connection in try await Self.contact(connection, id, logger) }
    }

    public func contact(phone: PhoneNumber) async throws(ThreadStoreError) -> Contact? {
        try await read("read a contact") { connection in
            try await connection.row("SELECT * FROM contacts WHERE phone = \(phone.e164)", logger: logger)
                .map(PostgresRows.contact)
        }
    }

    public func searchContacts(_ query: String, limit: Int) async throws(ThreadStoreError) -> [Contact] {
        try await searchContacts(query, limit: limit, after: nil)
    }

    public func searchContacts(_ query: String, limit: Int, after: Contact?) async throws(ThreadStoreError) -> [Contact] {
        let limit = try ThreadStoreInput.checked(limit: limit)
        let search = try ContactSearch(query)
        return try await read("search contacts") { connection in
            var bindings = PostgresBindings()
            var sql = "SELECT contacts.* FROM contacts WHERE " + Self.contactMatch(search, &bindings)
            if let after {
                let folded = ContactRecord.fold(after.name ?? "")
                bindings.append(folded.isEmpty)
                bindings.append(folded)
                bindings.append(after.phone.e164)
                let count = bindings.count
                sql += """
                     AND (contacts.name_folded = '', contacts.name_folded COLLATE "C", contacts.phone COLLATE "C")
                        > ($\(count - 2), $\(count - 1), $\(count))
                    """
            }
            bindings.append(limit)
            sql += """
                 ORDER BY contacts.name_folded = '', contacts.name_folded COLLATE "C", contacts.phone COLLATE "C"
                    LIMIT $\(bindings.count)
                """
            return try await connection.rows(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
                .map(PostgresRows.contact)
        }
    }

    /// The condition a search puts on `contacts`, its values appended to `bindings`: LIKE on the
    /// folded name and the number, which the `v10-search` trigram indexes serve for 3 characters or
    /// more (LIKE's escape character is `\`, PostgreSQL's default).
    static func contactMatch(_ search: ContactSearch, _ bindings: inout PostgresBindings) -> String {
        bindings.append(search.namePattern)
        var sql = "(contacts.name_folded LIKE $\(bindings.count)"
        if let phone = search.phonePattern {
            bindings.append(phone)
            sql += " OR contacts.phone LIKE $\(bindings.count)"
        }
        return sql + ")"
    }

    public func setPreferredLanguage(
        contactID: UUID,
        language: LanguageTag?,
        source: Contact.LanguageSource
    ) async throws(ThreadStoreError) -> Contact {
        try await write("set a contact's language") { connection, _ in
            var contact = try await Self.contact(connection, contactID, logger)
            contact.preferredLanguage = language
            contact.languageSource = language == nil ? nil : source
            try await Self.update(connection, contact, logger)
            return contact
        }
    }

    public func setFormality(contactID: UUID, formality: Contact.Formality?) async throws(ThreadStoreError) -> Contact {
        try await write("set how a contact is addressed") { connection, _ in
            // One statement: a concurrent change of the contact's language or name is kept.
            guard let row = try await connection.row(
                "UPDATE contacts SET formality = \(formality?.rawValue) WHERE id = \(contactID) RETURNING *", logger: logger)
            else { throw ThreadStoreError.notFound("There is no contact \(contactID); check the identifier.") }
            return try PostgresRows.contact(row)
        }
    }

    /// Inserts a contact unless one has its number; false when one does.
    static func insert(_ connection: PostgresConnection, _ contact: Contact, _ logger: Logger) async throws -> Bool {
        try await connection.row(
            """
            INSERT INTO contacts (
                id, phone, name, name_folded, preferred_language, language_source, formality, created_at)
            VALUES (\(contact.id), \(contact.phone.e164), \(contact.name), \(ContactRecord.fold(contact.name ?? "")),
                \(contact.preferredLanguage?.identifier), \(contact.languageSource?.rawValue),
                \(contact.formality?.rawValue), \(contact.createdAt.timeIntervalSince1970))
            ON CONFLICT (phone) DO NOTHING RETURNING id
            """,
            logger: logger
        ) != nil
    }

    static func update(_ connection: PostgresConnection, _ contact: Contact, _ logger: Logger) async throws {
        try await connection.run(
            """
            UPDATE contacts SET phone = \(contact.phone.e164), name = \(contact.name),
                name_folded = \(ContactRecord.fold(contact.name ?? "")),
                preferred_language = \(contact.preferredLanguage?.identifier),
                language_source = \(contact.preferredLanguage == nil ? nil : contact.languageSource?.rawValue),
                formality = \(contact.formality?.rawValue)
            WHERE id = \(contact.id)
            """,
            logger: logger
        )
    }
}
#endif
