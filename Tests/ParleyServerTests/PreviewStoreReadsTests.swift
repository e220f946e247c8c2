import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyLanguage
import ParleyMessaging
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

@testable import ParleyServer

/// How many times a cached compose preview reads the store: counted by SQLite's own statement trace
/// on a real database file, through the real router, with the real APy behind the pipeline and the
/// industry's translation memory in the store (issue 20).
@Suite struct PreviewStoreReadsTests {
    static let text = "Your technician is on the way. Call (410) 555-0123 if you need to reschedule."

    /// A cached preview reads the store twice, whatever signed the rep in: the key with its person,
    /// then the conversation with its number, contact, context and memory revision; it writes once
    /// (the token of the text shown), and not at all when the same preview was stored already.
    @Test func aCachedPreviewReadsTheStoreTwice() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-preview-reads-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // One reader connection, so that SQLite's trace sees every read.
        let database = try ParleyDatabase(path: folder.appendingPathComponent("parley.sqlite").path, configuration: .init(maximumReaderCount: 1))
        let store = SQLiteThreadStore(database: database)
        let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
        let number = try await store.assignNumber(try PhoneNumber(parsing: "+14105550100"), to: dana.id)
        let contact = try await store.createContact(
            phone: try PhoneNumber(parsing: "+525512345678"), name: "Luis", preferredLanguage: LanguageTag("es"), languageSource: .setByRep)
        let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
        let issued = AccessKeyMaterial.generate()
        _ = try await store.createAccessKey(
            StoredAccessKey(
                digest: AccessKeyMaterial.digest(issued), personID: dana.id, label: "laptop", hint: AccessKeyMaterial.hint(issued),
                createdAt: Date(), createdBy: "ana@example.com"))
        let bootstrap = "bootstrap-key-0123456789abcdef"
        var services = ParleyServices(
            pipeline: try ThreadFixture.pipeline(), store: store, sender: LogSender(quiet: true),
            access: AccessKeys([(key: Secret(bootstrap), grant: .person(email: "dana@example.com"))]),
            messagingConfiguration: Messaging.Configuration(industry: "hvac"))
        // A clock that does not move: the key's use is recorded at the first preview and, since
        // less than a minute passes by this clock however slow the machine, not again.
        let start = Date()
        services.now = { start }
        let count = StatementCount()
        try await database.traceStatements(into: count)

        let app = Application(router: buildRouter(services))
        try await app.test(.router) { client in
            let uri = "/v1/conversations/\(conversation.id)/preview"
            let body = try JSONEncoder().encode(["text": Self.text])
            func preview(_ key: String) async throws -> [String: Any] {
                var headers = HTTPFields()
                headers[.authorization] = "Bearer \(key)"
                headers[.contentType] = "application/json"
                return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                    return try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
                }
            }
            // The first preview translates the text (and caches it).
            let first = try await preview(issued)
            #expect(first["status"] as? String == "translated")

            // The first cached preview stores its token (one write); the same preview again, with
            // either key, gets that token back and writes nothing.
            var tokens: [String] = []
            for (index, key) in [issued, bootstrap, issued].enumerated() {
                count.reset()
                let cached = try await preview(key)
                #expect(cached["text"] as? String == first["text"] as? String)
                tokens.append(try #require(cached["token"] as? String))
                #expect(count.readTransactions <= 2, "\(count.readTransactions) store reads for one cached preview")
                #expect(count.writeTransactions == (index == 0 ? 1 : 0), "\(count.writeTransactions) store writes for cached preview \(index + 1)")
            }
            #expect(Set(tokens).count == 1)
        }
    }
}

/// The one-read snapshot and key sign-in of both stores say what their single reads say.
@Suite struct ConversationSnapshotTests {
    @Test(arguments: StoreKind.allCases) func aSnapshotIsWhatTheSingleReadsSay(_ kind: StoreKind) async throws {
        try await ThreadFixture.with(kind) { fixture in
            let store = fixture.store
            let contact = try await store.createContact(
                phone: ThreadFixture.contactPhone, name: "Luis", preferredLanguage: LanguageTag("es"), languageSource: .setByRep)
            let conversation = try await store.findOrCreateConversation(numberID: fixture.number.id, contactID: contact.id)
            for index in 0..<3 {
                _ = try await store.appendInbound(InboundMessageDraft(conversationID: conversation.id, text: "Hola \(index)", providerMessageID: "SM\(index)"))
            }
            let snapshot = try await store.conversationSnapshot(id: conversation.id, messageLimit: 2, memoryIndustry: "hvac")
            #expect(snapshot.conversation == (try await store.conversation(id: conversation.id)))
            #expect(snapshot.number == (try await store.businessNumber(id: fixture.number.id)))
            #expect(snapshot.contact == (try await store.contact(id: contact.id)))
            #expect(snapshot.latestMessages == (try await store.latestMessages(conversationID: conversation.id, beforeSequence: nil, limit: 2)))
            #expect(snapshot.latestMessages.map(\.original) == ["Hola 1", "Hola 2"])
            #expect(snapshot.memoryRevision == (try await store.memoryRevision(industry: "hvac")))
            let bare = try await store.conversationSnapshot(id: conversation.id, messageLimit: 0, memoryIndustry: nil)
            #expect(bare.latestMessages.isEmpty)
            #expect(bare.memoryRevision == nil)
            do {
                _ = try await store.conversationSnapshot(id: UUID(), messageLimit: 2, memoryIndustry: nil)
                Issue.record("a snapshot of no conversation")
            } catch {
                #expect((error as? ThreadStoreError)?.code == .notFound)
            }

            let rep = try await store.rep(email: "dana@example.com")
            let key = AccessKeyMaterial.generate()
            let stored = try await store.createAccessKey(
                StoredAccessKey(
                    digest: AccessKeyMaterial.digest(key), personID: rep?.id, label: "laptop", hint: AccessKeyMaterial.hint(key),
                    createdAt: Date(), createdBy: "ana@example.com"))
            let found = try await store.activeAccessKeyWithPerson(digest: AccessKeyMaterial.digest(key))
            #expect(found?.key.id == stored.id)
            #expect(found?.person == rep)
            _ = try await store.revokeAccessKey(id: stored.id)
            #expect(try await store.activeAccessKeyWithPerson(digest: AccessKeyMaterial.digest(key)) == nil)
        }
    }
}
