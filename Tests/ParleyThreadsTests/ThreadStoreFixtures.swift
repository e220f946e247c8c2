import Foundation
import GRDB
import ParleyLanguage
import ParleyThreads
import ParleyThreadsTesting
import Synchronization
import Testing

/// A rep with a number, as most store tests start.
struct SeededThread {
    var rep: Rep
    var number: BusinessNumber
    var contact: Contact
    var conversation: Conversation
}

/// A rep with a number, and a Spanish-speaking contact's conversation on it.
func makeThread(_ store: some ThreadStore) async throws -> SeededThread {
    let rep = try await store.createRep(name: "Dana", email: "dana-\(UUID().uuidString)@example.com", role: .rep)
    let number = try await store.assignNumber(PhoneNumber(parsing: "+1 410 555 0100"), to: rep.id)
    let contact = try await store.createContact(
        phone: PhoneNumber(parsing: "+52 55 1234 5678"),
        name: "José Pérez",
        preferredLanguage: LanguageTag("es"),
        languageSource: .detected
    )
    let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
    return SeededThread(rep: rep, number: number, contact: contact, conversation: conversation)
}

/// A store on a new SQLite file or a new PostgreSQL schema.
func withStore(_ kind: StoreKind, _ body: (any ThreadStore, TestClock) async throws -> Void) async throws {
    try await withTestDatabase(kind) { database in
        let clock = TestClock()
        try await body(try await database.threadStore(now: clock.now), clock)
    }
}

/// Closes a store's database.
func closeStore(_ store: any ThreadStore) async throws {
    if let store = store as? SQLiteThreadStore { try store.database.close() }
    if let store = store as? PostgresThreadStore { await store.database.close() }
}
