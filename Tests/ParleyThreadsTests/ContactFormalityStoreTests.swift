import Foundation
import GRDB
import ParleyLanguage
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// How a contact is addressed (formal or informal), on both stores.
@Suite struct ContactFormalityStoreTests {
    @Test(arguments: StoreKind.allCases) func setsChangesAndClearsIt(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            #expect(thread.contact.formality == nil)

            let formal = try await store.setFormality(contactID: thread.contact.id, formality: .formal)
            #expect(formal.formality == .formal)
            var expected = thread.contact
            expected.formality = .formal
            #expect(formal == expected)
            #expect(try await store.contact(id: thread.contact.id) == formal)

            let informal = try await store.setFormality(contactID: thread.contact.id, formality: .informal)
            #expect(informal.formality == .informal)
            #expect(try await store.contact(id: thread.contact.id).formality == .informal)

            let cleared = try await store.setFormality(contactID: thread.contact.id, formality: nil)
            #expect(cleared == thread.contact)
            #expect(try await store.contact(id: thread.contact.id).formality == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func everyWayOfReadingAContactCarriesIt(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            _ = try await store.setFormality(contactID: thread.contact.id, formality: .informal)

            #expect(try await store.contact(phone: thread.contact.phone)?.formality == .informal)
            #expect(try await store.findOrCreateContact(phone: thread.contact.phone).formality == .informal)
            #expect(try await store.searchContacts("jose", limit: 10).map(\.formality) == [.informal])
            let summaries = try await store.conversations(repID: thread.rep.id, limit: 10, before: nil)
            #expect(summaries.map(\.contact.formality) == [.informal])

            // Other changes to the contact keep it, and it keeps theirs.
            let renamed = try await store.updateContact(
                id: thread.contact.id, name: "José P.", phone: thread.contact.phone)
            #expect(renamed.formality == .informal)
            let french = try await store.setPreferredLanguage(
                contactID: thread.contact.id, language: LanguageTag("fr"), source: .setByRep)
            #expect(french.formality == .informal)
            let optedIn = try await store.setConsent(
                contactID: thread.contact.id, ConsentChange(state: .optedIn, keyword: "START"), messageID: nil)
            #expect(optedIn.formality == .informal)
            let formal = try await store.setFormality(contactID: thread.contact.id, formality: .formal)
            #expect(formal.name == "José P.")
            #expect(formal.preferredLanguage == LanguageTag("fr"))
            #expect(formal.languageSource == .setByRep)
            #expect(formal.consent == optedIn.consent)
            #expect(try await store.contact(id: thread.contact.id) == formal)

            // Another contact is not touched.
            let stranger = try await store.findOrCreateContact(phone: PhoneNumber(parsing: "+1 202 555 0188"))
            #expect(stranger.formality == nil)
            #expect(try await store.contact(id: stranger.id).formality == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func itSurvivesReopening(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.threadStore()
            let thread = try await makeThread(store)
            _ = try await store.setFormality(contactID: thread.contact.id, formality: .formal)
            try await closeStore(store)

            let reopened = try await database.threadStore()
            #expect(try await reopened.contact(id: thread.contact.id).formality == .formal)
            _ = try await reopened.setFormality(contactID: thread.contact.id, formality: nil)
            try await closeStore(reopened)

            let again = try await database.threadStore()
            #expect(try await again.contact(id: thread.contact.id).formality == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func anUnknownContactIsNotFound(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let missing = await #expect(throws: ThreadStoreError.self) {
                try await store.setFormality(contactID: UUID(), formality: .formal)
            }
            #expect(missing?.code == .notFound)
            let clearing = await #expect(throws: ThreadStoreError.self) {
                try await store.setFormality(contactID: UUID(), formality: nil)
            }
            #expect(clearing?.code == .notFound)
        }
    }

    /// A database from before `v6-contact-formality`: the contacts table without the column, and the
    /// migration not recorded. Opening it adds the column; the contacts it had are addressed by default.
    @Test(arguments: StoreKind.allCases) func anOldDatabaseGainsTheColumn(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            // Whole seconds, so createdAt reads back equal from either database.
            let clock = TestClock()
            let store = try await database.threadStore(now: clock.now)
            let thread = try await makeThread(store)
            switch kind {
            case .sqlite:
                try await closeStore(store)
                let queue = try DatabaseQueue(path: database.path!)
                try await queue.write { db in
                    try db.execute(sql: "ALTER TABLE contacts DROP COLUMN formality")
                    try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v6-contact-formality'")
                    #expect(try !db.columns(in: "contacts").map(\.name).contains("formality"))
                }
                try queue.close()
            case .postgres:
                let postgres = try #require(store as? PostgresThreadStore)
                try await postgres.database.execute(unsafeSQL: "ALTER TABLE contacts DROP COLUMN formality")
                try await postgres.database.execute(
                    unsafeSQL: "DELETE FROM parley_migrations WHERE identifier = 'v6-contact-formality'")
                try await closeStore(store)
            }

            let migrated = try await database.threadStore(now: clock.now)
            let contact = try await migrated.contact(id: thread.contact.id)
            #expect(contact == thread.contact)
            #expect(contact.formality == nil)
            #expect(try await migrated.setFormality(contactID: contact.id, formality: .formal).formality == .formal)
            #expect(try await migrated.contact(id: contact.id).formality == .formal)
        }
    }

    @Test(arguments: StoreKind.allCases) func anUnknownStoredValueIsADatabaseError(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let store = try await database.threadStore()
            let thread = try await makeThread(store)
            let update = "UPDATE contacts SET formality = 'casual'"
            switch kind {
            case .sqlite:
                try await closeStore(store)
                let queue = try DatabaseQueue(path: database.path!)
                try await queue.write { db in try db.execute(sql: update) }
                try queue.close()
            case .postgres:
                try await #require(store as? PostgresThreadStore).database.execute(unsafeSQL: update)
                try await closeStore(store)
            }

            let reopened = try await database.threadStore()
            let damaged = await #expect(throws: ThreadStoreError.self) {
                try await reopened.contact(id: thread.contact.id)
            }
            #expect(damaged?.code == .database)
            #expect(damaged?.message.contains("contacts.formality") == true)
            #expect(damaged?.message.contains("casual") == true)
        }
    }

    @Test func aContactDecodesWithoutTheKey() async throws {
        try await withStore(.sqlite) { store, _ in
            let thread = try await makeThread(store)
            let plain = try JSONSerialization.jsonObject(with: JSONEncoder().encode(thread.contact)) as? [String: Any]
            #expect(plain != nil)
            #expect(plain?["formality"] == nil)

            let formal = try await store.setFormality(contactID: thread.contact.id, formality: .formal)
            let data = try JSONEncoder().encode(formal)
            var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(json["formality"] as? String == "formal")
            #expect(try JSONDecoder().decode(Contact.self, from: data) == formal)

            // JSON written before the field existed.
            json["formality"] = nil
            let old = try JSONDecoder().decode(Contact.self, from: JSONSerialization.data(withJSONObject: json))
            #expect(old == thread.contact)
            #expect(old.formality == nil)
        }
    }

    @Test func theRawValuesAreTheStoredText() {
        #expect(Contact.Formality.allCases.map(\.rawValue) == ["formal", "informal"])
    }
}
