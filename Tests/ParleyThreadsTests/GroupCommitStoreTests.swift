import Foundation
import GRDB
import ParleyLanguage
import ParleyThreadsTesting
import Synchronization
import Testing

@testable import ParleyThreads

/// Inbound messages received together share a transaction (group commit) on SQLite, and each keeps
/// its own outcome; on PostgreSQL, `receiveInbound` composes the store's calls with the same results.
@Suite struct GroupCommitStoreTests {
    static let business = try! PhoneNumber(parsing: "+1 410 555 0100")

    static func delivery(_ index: Int, sid: String? = nil, text: String? = nil, to: PhoneNumber = business) -> InboundDelivery {
        InboundDelivery(
            from: try! PhoneNumber(parsing: "+5255" + String(format: "%08d", index)), to: to,
            text: text ?? "Hola \(index), ¿pueden venir mañana?", providerMessageID: sid ?? "SMgroup\(index)")
    }

    /// A rep with the business number on a new SQLite file.
    static func withFileStore(_ body: (SQLiteThreadStore, String) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/parley.sqlite"
            let store = SQLiteThreadStore(database: try ParleyDatabase(path: path))
            let rep = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            _ = try await store.assignNumber(business, to: rep.id)
            try await body(store, path)
            try store.database.close()
        }
    }

    /// Holds the store's writer in a transaction until `release` is called, so that receives
    /// started meanwhile queue behind it; `waitUntil` returns when `count` of them wait.
    final class HeldWriter: Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        let holding: Task<Void, any Error>

        init(_ store: SQLiteThreadStore) async throws {
            let started = DispatchSemaphore(value: 0)
            let semaphore = self.semaphore
            holding = Task { try await store.database.writer.write { _ in started.signal(); semaphore.wait() } }
            // The writer's thread is held once the transaction started (a GRDB thread, not this one's).
            while started.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(5)) }
        }

        func release() async throws {
            semaphore.signal()
            try await holding.value
        }
    }

    /// Waits (with a generous deadline) until `count` receives are queued or in the transaction
    /// that waits for the writer.
    static func waitUntilQueued(_ store: SQLiteThreadStore, _ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while store.inbound.pendingCount < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("only \(store.inbound.pendingCount) of \(count) receives queued")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Starts `deliveries` at once while the writer is held; returns their outcomes once released.
    static func receiveTogether(
        _ store: SQLiteThreadStore, _ deliveries: [InboundDelivery]
    ) async throws -> [Result<InboundReceipt, ThreadStoreError>] {
        let held = try await HeldWriter(store)
        let tasks = deliveries.map { delivery in
            Task { () -> Result<InboundReceipt, ThreadStoreError> in
                do throws(ThreadStoreError) { return .success(try await store.receiveInbound(delivery)) } catch { return .failure(error) }
            }
        }
        // One leads (its transaction waits for the writer); every other one waits behind it.
        try await waitUntilQueued(store, deliveries.count)
        try await held.release()
        var outcomes: [Result<InboundReceipt, ThreadStoreError>] = []
        for task in tasks { outcomes.append(await task.value) }
        return outcomes
    }

    /// The messages stored with a provider identifier, read from another connection to the file.
    static func storedCount(path: String, sid: String) async throws -> Int {
        let other = try ParleyDatabase(path: path)
        defer { try? other.close() }
        return try await other.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE provider_message_id = ?", arguments: [sid]) ?? 0
        }
    }

    /// Savepoint journals stay in memory on every connection: a spilled one is a new file in
    /// /var/tmp, created and unlinked at every transaction that receives a webhook.
    @Test func everyConnectionKeepsTemporaryStorageInMemory() async throws {
        try await Self.withFileStore { store, _ in
            let writer = try await store.database.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") }
            let reader = try await store.database.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") }
            #expect(writer == 2)  // MEMORY
            #expect(reader == 2)
            _ = try await store.receiveInbound(Self.delivery(1))
        }
    }

    @Test func concurrentReceivesShareTransactionsAndAreDurableWhenAnswered() async throws {
        try await Self.withFileStore { store, path in
            let counter = try await CommitCounter(store.database)
            let deliveries = (0..<40).map { Self.delivery($0) }
            let outcomes = try await Self.receiveTogether(store, deliveries)
            let receipts = try outcomes.map { try $0.get() }
            #expect(receipts.allSatisfy { $0.inserted })
            // The held transaction, the leader's and one for all those that waited: not one per webhook.
            #expect(counter.commits <= 3)
            #expect(counter.commits < deliveries.count)
            // Each answered one is in the file, once, for another connection.
            for (delivery, receipt) in zip(deliveries, receipts) {
                #expect(try await Self.storedCount(path: path, sid: delivery.providerMessageID) == 1)
                #expect(receipt.message.providerMessageID == delivery.providerMessageID)
                #expect(receipt.contact.phone == delivery.from)
                #expect(receipt.message.translationStatus == .pending)
            }
            // Each has its translation job, written in the same transaction.
            let jobs = try await store.database.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE kind = 'translateInbound'") ?? 0
            }
            #expect(jobs == deliveries.count)
        }
    }

    /// Translation jobs finished while the writer is busy share a transaction too; one that is not
    /// its worker's any more fails alone.
    @Test func concurrentTranslationsShareTransactionsAndFailAlone() async throws {
        try await Self.withFileStore { store, _ in
            let deliveries = (0..<12).map { Self.delivery($0) }
            let receipts = try await Self.receiveTogether(store, deliveries).map { try $0.get() }
            let jobs = try await store.claimJobs(kinds: [.translateInbound], owner: "w1", limit: 100, lease: .seconds(60))
            #expect(jobs.count == receipts.count)
            let jobByMessage = Dictionary(uniqueKeysWithValues: jobs.map { ($0.subjectID, $0) })
            let translation = MessageTranslation(status: .translated, detectedLanguage: LanguageTag("es"), confidence: 0.95, shownText: "Hello")
            let counter = try await CommitCounter(store.database)
            let held = try await HeldWriter(store)
            let tasks = receipts.enumerated().map { index, receipt in
                Task { () -> Result<Message, ThreadStoreError> in
                    let job = jobByMessage[receipt.message.id]!
                    do throws(ThreadStoreError) {
                        return .success(
                            try await store.completeTranslation(
                                messageID: receipt.message.id, translation, learning: LanguageTag("es"), contactID: receipt.contact.id,
                                jobID: job.id, owner: index == 3 ? "w2" : "w1"))
                    } catch { return .failure(error) }
                }
            }
            let deadline = ContinuousClock.now + .seconds(120)
            while store.translations.pendingCount < receipts.count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            try await held.release()
            for (index, (task, receipt)) in zip(tasks, receipts).enumerated() {
                let outcome = await task.value
                let stored = try await store.message(id: receipt.message.id)
                let contact = try await store.contact(id: receipt.contact.id)
                if index == 3 {
                    if case .failure(let error) = outcome { #expect(error.code == .conflict) } else { Issue.record("another worker's job was completed") }
                    #expect(stored.translationStatus == .pending)
                    #expect(contact.preferredLanguage == nil)
                } else {
                    #expect(try outcome.get().shownText == "Hello")
                    #expect(stored.translationStatus == .translated)
                    #expect(contact.preferredLanguage == LanguageTag("es"))
                    #expect(try await store.jobs(subjectID: receipt.message.id).map(\.state) == [.done])
                }
            }
            // The held transaction, the leader's and one for all those that waited.
            #expect(counter.commits <= 3)
        }
    }

    @Test func duplicatesWithinABatchAndAcrossBatchesYieldOneMessage() async throws {
        try await Self.withFileStore { store, path in
            // Three webhooks, each delivered three times in the same batch.
            let deliveries = (0..<9).map { Self.delivery($0 % 3, sid: "SMdup\($0 % 3)") }
            let receipts = try await Self.receiveTogether(store, deliveries).map { try $0.get() }
            for sid in 0..<3 {
                let same = receipts.enumerated().filter { $0.offset % 3 == sid }.map(\.element)
                #expect(same.filter(\.inserted).count == 1)
                #expect(Set(same.map(\.message.id)).count == 1)
                #expect(try await Self.storedCount(path: path, sid: "SMdup\(sid)") == 1)
            }
            // The provider tries again later: a batch of its own, the same messages.
            let again = try await Self.receiveTogether(store, (0..<3).map { Self.delivery($0, sid: "SMdup\($0)") }).map { try $0.get() }
            #expect(again.filter(\.inserted).isEmpty)
            #expect(again.map(\.message.id) == (0..<3).map { receipts[$0].message.id })
            for sid in 0..<3 { #expect(try await Self.storedCount(path: path, sid: "SMdup\(sid)") == 1) }
        }
    }

    @Test func oneFailingDeliveryLosesNoneOfItsBatchMates() async throws {
        try await Self.withFileStore { store, path in
            // A message the database refuses after its contact and conversation were written.
            try await store.database.writer.write { db in
                try db.execute(
                    sql: "CREATE TRIGGER refuse_boom BEFORE INSERT ON messages WHEN NEW.original = 'boom' "
                        + "BEGIN SELECT RAISE(ABORT, 'refused'); END")
            }
            let stranger = try PhoneNumber(parsing: "+1 202 555 0199")
            var deliveries = (0..<6).map { Self.delivery($0) }
            deliveries.insert(Self.delivery(100, text: "boom"), at: 2)
            deliveries.insert(Self.delivery(101, to: stranger), at: 5)
            let counter = try await CommitCounter(store.database)
            let outcomes = try await Self.receiveTogether(store, deliveries)
            #expect(counter.commits <= 3)
            for (delivery, outcome) in zip(deliveries, outcomes) {
                switch delivery.providerMessageID {
                case "SMgroup100":
                    #expect(throws: ThreadStoreError.self) { try outcome.get() }
                    #expect(try await Self.storedCount(path: path, sid: "SMgroup100") == 0)
                    // Its savepoint took its new contact back with it.
                    #expect(try await store.contact(phone: delivery.from) == nil)
                case "SMgroup101":
                    #expect(throws: ThreadStoreError.self) { try outcome.get() }
                    if case .failure(let error) = outcome { #expect(error.code == .notFound) }
                default:
                    #expect(try outcome.get().inserted)
                    #expect(try await Self.storedCount(path: path, sid: delivery.providerMessageID) == 1)
                }
            }
        }
    }

    @Test func consentIsReadInTheTransactionAndMessagesKeepTheirOrder() async throws {
        try await Self.withFileStore { store, _ in
            // One contact texts STOP then START in the same batch: the second sees the first's change.
            let rule: @Sendable (String) -> @Sendable (Consent?) -> ConsentChange? = { text in
                { current in
                    switch text {
                    case "STOP": current?.state == .optedOut ? nil : ConsentChange(state: .optedOut, keyword: "STOP")
                    case "START": current?.state == .optedOut ? ConsentChange(state: .optedIn, keyword: "START") : nil
                    default: nil
                    }
                }
            }
            let from = try PhoneNumber(parsing: "+52 55 1111 2222")
            let deliveries = ["hola", "STOP", "START", "gracias"].enumerated().map { index, text in
                InboundDelivery(from: from, to: Self.business, text: text, providerMessageID: "SMorder\(index)", consent: rule(text))
            }
            let receipts = try await Self.receiveTogether(store, deliveries).map { try $0.get() }
            #expect(receipts.map(\.message.sequence) == [1, 2, 3, 4])
            #expect(receipts.map(\.consentChange?.state) == [nil, .optedOut, .optedIn, nil])
            #expect(receipts[1].contact.consent?.state == .optedOut)
            #expect(receipts[3].contact.consent?.state == .optedIn)
            #expect(Set(receipts.map(\.message.conversationID)).count == 1)
            // Each message's events came out of the shared commit.
            let events = try await store.events(after: 0, conversationIDs: nil, limit: 100)
            #expect(events.filter { $0.kind == .messageAdded }.map(\.messageID) == receipts.map(\.message.id))
            #expect(events.filter { $0.kind == .consentChanged }.count == 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func receiveInboundFindsOrCreatesTheThread(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            let delivery = InboundDelivery(
                from: thread.contact.phone, to: thread.number.phone, text: "ALTO", providerMessageID: "SMone",
                consent: { $0 == nil ? ConsentChange(state: .optedOut, keyword: "ALTO") : nil })
            let first = try await store.receiveInbound(delivery)
            #expect(first.inserted)
            #expect(first.message.conversationID == thread.conversation.id)
            #expect(first.consentChange?.state == .optedOut)
            #expect(first.contact.consent?.state == .optedOut)
            let repeated = try await store.receiveInbound(delivery)
            #expect(!repeated.inserted)
            #expect(repeated.message.id == first.message.id)
            #expect(repeated.consentChange == nil)
            // A new contact gets a contact and a conversation of their own.
            let stranger = try await store.receiveInbound(
                InboundDelivery(from: try PhoneNumber(parsing: "+52 55 9999 0000"), to: thread.number.phone, text: "Hola", providerMessageID: "SMtwo"))
            #expect(stranger.inserted)
            #expect(stranger.message.conversationID != thread.conversation.id)
            #expect(try await store.contact(phone: try PhoneNumber(parsing: "+52 55 9999 0000"))?.id == stranger.contact.id)
            await #expect(throws: ThreadStoreError.self) {
                try await store.receiveInbound(
                    InboundDelivery(from: thread.contact.phone, to: try PhoneNumber(parsing: "+1 202 555 0100"), text: "x", providerMessageID: "SMthree"))
            }
        }
    }
}
