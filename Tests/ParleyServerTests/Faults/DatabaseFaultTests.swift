import Foundation
import GRDB
import ParleyTesting
import ParleyTranslation
import Testing

@testable import ParleyServer
@testable import ParleyThreads

/// The SQLite file failing under the running service: locked by another connection past the
/// store's busy timeout, and out of space. A webhook is acknowledged only when its message is
/// stored, and answered 503 with a problem (so the provider tries again) when it is not; the rep's
/// writes are refused with a 503 problem and nothing reaches the sender; when the fault ends, the
/// retried webhook stores its message once and everything works again.
@Suite struct DatabaseFaultTests {
    static let reply = "Your technician is on the way and will arrive in twenty minutes."

    static func sid(_ test: Int, _ index: Int) -> String { "SM" + String(format: "%016x%016x", 0xDB0 + test, index) }

    /// Another connection to the same file that takes SQLite's write lock (`BEGIN EXCLUSIVE`, which
    /// in WAL mode keeps writers out and lets readers in) and holds it until released.
    final class WriteLock: Sendable {
        let queue: DatabaseQueue

        init(path: String) throws {
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = true  // the transaction outlives the access
            configuration.busyMode = .timeout(5)  // waits for a write of the store's in progress
            queue = try DatabaseQueue(path: path, configuration: configuration)
        }

        func take() async throws { try await queue.writeWithoutTransaction { try $0.execute(sql: "BEGIN EXCLUSIVE") } }
        func release() async throws { try await queue.writeWithoutTransaction { try $0.execute(sql: "COMMIT") } }
    }

    @Test func aLockedDatabaseAnswers503UntilReleasedThenTheRetryStoresOnce() async throws {
        try await FaultFixture.with(busyTimeout: .milliseconds(300)) { fixture, port in
            let first = try await FaultFixture.inbound("Hola, necesito una cita para revisar la calefacción.", sid: Self.sid(1, 0), port: port)
            #expect(first.status == 200)
            // Its translation job learns the contact's language.
            #expect(await fixture.runJobs() == 1)
            let conversationID = try #require(try await fixture.conversationID())

            let lock = try WriteLock(path: try #require(fixture.database.path))
            try await lock.take()
            // The webhook cannot store its message: 503 with a problem, each time the provider tries.
            let text = "¿A qué hora llega el técnico? Estoy en casa toda la tarde."
            for _ in 0..<2 {
                let refused = try await FaultFixture.inbound(text, sid: Self.sid(1, 1), port: port)
                #expect(refused.status == 503, "\(refused.text)")
                #expect(refused.isProblem)
                #expect(refused.detail.contains("locked"), "\(refused.detail)")
            }
            // Reads go on under the write lock (WAL): the rep still sees the thread, without it.
            #expect(try await fixture.messages(sid: Self.sid(1, 1)).isEmpty)
            let listed = try await FaultFixture.rep("GET", "/v1/conversations/\(conversationID)/messages", port: port)
            #expect(listed.status == 200 && listed.array.count == 1)
            // The rep's writes are refused clearly; nothing reaches the sender.
            let send = try await FaultFixture.rep(
                "POST", "/v1/conversations/\(conversationID)/messages", port: port, json: ["text": Self.reply])
            #expect(send.status == 503, "\(send.text)")
            #expect(send.isProblem && send.detail.contains("locked"), "\(send.detail)")
            let read = try await FaultFixture.rep("POST", "/v1/conversations/\(conversationID)/read", port: port)
            #expect(read.status == 503 && read.isProblem)
            #expect(fixture.sender.sent.isEmpty)

            try await lock.release()
            // The provider's next retry stores the message once, and a repeat changes nothing.
            for _ in 0..<2 {
                let stored = try await FaultFixture.inbound(text, sid: Self.sid(1, 1), port: port)
                #expect(stored.status == 200, "\(stored.text)")
            }
            await fixture.runJobs()
            let messages = try await fixture.messages(sid: Self.sid(1, 1))
            #expect(messages.count == 1)
            #expect(messages.first?.original == text)
            #expect(messages.first?.translationStatus == .translated)
            let sent = try await FaultFixture.rep(
                "POST", "/v1/conversations/\(conversationID)/messages", port: port, json: ["text": Self.reply])
            #expect(sent.status == 201, "\(sent.text)")
            #expect(fixture.sender.sent.count == 1)
            #expect(try await fixture.messages().count == 3)
        }
    }

    /// The lock is taken while a translation job is on its way: the webhook was acknowledged long
    /// before, the job's outcome cannot be recorded, and the job runs again once its lease ends and
    /// the lock is gone.
    @Test func aLockTakenWhileATranslationJobRunsLeavesItToRunAgain() async throws {
        try await FaultFixture.with(busyTimeout: .milliseconds(300)) { fixture, port in
            let lock = try WriteLock(path: try #require(fixture.database.path))
            let text = "Buenas tardes, ¿pueden cambiar la cita al viernes por la mañana?"
            let ack = try await FaultFixture.inbound(text, sid: Self.sid(2, 0), port: port)
            #expect(ack.status == 200, "\(ack.text)")
            // The backend is slow (past its time limit, twice): the lock is taken while the job waits on it.
            try fixture.proxy.set(.delay(.seconds(4)))
            let pass = Task { await fixture.runJobs() }
            let end = ContinuousClock.now + .seconds(10)
            while fixture.proxy.requestCount == 0, ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(10)) }
            try await lock.take()
            #expect(await pass.value == 1)
            let stored = try await fixture.messages(sid: Self.sid(2, 0))
            #expect(stored.count == 1)
            #expect(stored.first?.original == text)
            #expect(stored.first?.translationStatus == .pending)
            #expect(stored.first?.translationError == nil, "the outcome was recorded under the lock")
            try await lock.release()
            try fixture.proxy.set(.passThrough)

            let translated = try await fixture.runWorker { $0.first?.translationStatus == .translated }
            #expect(translated)
            #expect(try await fixture.messages().count == 1)
        }
    }

    /// The lock is taken while the provider has a send in hand: the SMS went out, so the rep is
    /// told it was sent (201), never asked to send it again; it is stored once, handed over once.
    @Test func aLockTakenWhileTheProviderSendsStillReportsTheSend() async throws {
        try await FaultFixture.with(busyTimeout: .milliseconds(300)) { fixture, port in
            let first = try await FaultFixture.inbound("Hola, ¿a qué hora viene el técnico mañana?", sid: Self.sid(4, 0), port: port)
            #expect(first.status == 200)
            #expect(await fixture.runJobs() == 1)
            let conversationID = try #require(try await fixture.conversationID())

            fixture.sender.hold()
            let send = Task {
                try await FaultFixture.rep("POST", "/v1/conversations/\(conversationID)/messages", port: port, json: ["text": Self.reply])
            }
            // The send is with the provider once it waits there: stored (queued) by then.
            // (A generous deadline: on a busy machine the reply's translation alone can take seconds.)
            let end = ContinuousClock.now + .seconds(120)
            while fixture.sender.waiting == 0, ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(10)) }
            try #require(fixture.sender.waiting == 1, "the send never reached the provider")
            let lock = try WriteLock(path: try #require(fixture.database.path))
            try await lock.take()
            fixture.sender.release()
            let reply = try await send.value
            try await lock.release()

            #expect(reply.status == 201, "\(reply.text)")
            let message = reply.object["message"] as? [String: Any]
            #expect(message?["deliveryStatus"] as? String == "sent")
            #expect(message?["providerMessageID"] as? String == fixture.sender.sent.first?.id)
            #expect(fixture.sender.sent.count == 1)
            #expect(try await fixture.messages().filter { $0.direction == .outbound }.count == 1)
            // Once its lease ends, the send's job records what the provider took, without sending again.
            let recorded = try await fixture.runWorker { $0.last?.deliveryStatus == .sent }
            #expect(recorded)
            #expect(try await fixture.messages().last?.providerMessageID == fixture.sender.sent.first?.id)
            #expect(fixture.sender.sent.count == 1)
        }
    }

    /// The database cannot grow (`PRAGMA max_page_count` on the store's writing connection): every
    /// webhook acknowledged is stored, every one refused (503) is not; sends are refused clearly and
    /// never reach the sender unstored; once the limit is lifted, the refused webhooks are stored
    /// on their retry and everything works.
    @Test func aFullDatabaseRefusesWhatItCannotStoreAndRecovers() async throws {
        try await FaultFixture.with { fixture, port in
            let first = try await FaultFixture.inbound("Hola, necesito una cita para revisar el aire acondicionado.", sid: Self.sid(3, 0), port: port)
            #expect(first.status == 200)
            #expect(await fixture.runJobs() == 1)
            let conversationID = try #require(try await fixture.conversationID())
            try await fixture.database.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA max_page_count = 1")  // no more pages than it has now
            }

            // Long SMS (about 1,500 characters each) fill what room is left in the pages.
            let long = (0..<12).map { "Mensaje \($0) de prueba: el aire acondicionado no enfría y hace mucho calor en la casa." }.joined(separator: " ")
            var acknowledged: [String] = []
            var refused: [String] = []
            for index in 1...20 where refused.count < 2 {
                let sid = Self.sid(3, index)
                let reply = try await FaultFixture.inbound("\(index). " + long, sid: sid, port: port)
                if reply.status == 200 {
                    acknowledged.append(sid)
                } else {
                    #expect(reply.status == 503, "\(reply.text)")
                    #expect(reply.isProblem && reply.detail.contains("full"), "\(reply.detail)")
                    refused.append(sid)
                }
            }
            #expect(refused.count == 2, "the database never filled up")
            for sid in acknowledged { #expect(try await fixture.messages(sid: sid).count == 1, "\(sid) was acknowledged") }
            for sid in refused { #expect(try await fixture.messages(sid: sid).isEmpty, "\(sid) was refused") }

            // Sends: each one answered 201 is stored and was handed over once; each refused one
            // (503, the database is full) is neither.
            var sends = 0
            var refusedSends = 0
            for index in 1...10 where refusedSends == 0 {
                let text = "\(index). " + String(repeating: "Your technician will arrive tomorrow morning between eight and ten. ", count: 6)
                let reply = try await FaultFixture.rep("POST", "/v1/conversations/\(conversationID)/messages", port: port, json: ["text": text])
                if reply.status == 201 {
                    sends += 1
                } else {
                    #expect(reply.status == 503, "\(reply.text)")
                    #expect(reply.isProblem && reply.detail.contains("full"), "\(reply.detail)")
                    refusedSends += 1
                }
                let outbound = try await fixture.messages().filter { $0.direction == .outbound }
                #expect(outbound.count == sends)
                #expect(fixture.sender.sent.count == sends)
            }
            #expect(refusedSends == 1, "no send was refused")
            // The rep can still read the thread.
            let listed = try await FaultFixture.rep("GET", "/v1/conversations/\(conversationID)/messages", port: port)
            #expect(listed.status == 200)

            try await fixture.database.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA max_page_count = 1073741823")
            }
            for sid in refused {
                let index = Int(sid.suffix(16), radix: 16)!
                let retried = try await FaultFixture.inbound("\(index). " + long, sid: sid, port: port)
                #expect(retried.status == 200, "\(retried.text)")
                #expect(try await fixture.messages(sid: sid).count == 1)
            }
            let recovered = try await fixture.runWorker { messages in
                messages.filter { $0.direction == .inbound }.allSatisfy { $0.translationStatus != .pending }
            }
            #expect(recovered)
            let sent = try await FaultFixture.rep(
                "POST", "/v1/conversations/\(conversationID)/messages", port: port, json: ["text": Self.reply])
            #expect(sent.status == 201, "\(sent.text)")
            #expect(fixture.sender.sent.count == sends + 1)
        }
    }
}
