import Foundation
import ParleyHTTP
import ParleyTesting
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `parley serve` killed with SIGKILL in the middle of a burst of inbound webhooks, on each store:
/// every webhook the server acknowledged is in the store afterwards, once, with its text intact.
@Suite(.serialized) struct ServeCrashTests {
    static let businessNumber = "+14105550100"
    static let contacts = (0..<5).map { "+5255123456\(String(format: "%02d", $0))" }
    static let burst = 200
    static let killAfter = 60
    static let inFlight = 12

    /// One inbound SMS of the burst.
    struct Webhook: Sendable {
        var sid: String
        var from: String
        var text: String

        var form: [UInt8] {
            let fields = [
                ("MessageSid", sid), ("SmsSid", sid), ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
                ("From", from), ("To", ServeCrashTests.businessNumber), ("Body", text), ("NumMedia", "0"),
                ("NumSegments", "1"),
            ]
            var allowed = CharacterSet(
                charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
            allowed.insert(" ")
            let encode = { (text: String) in
                text.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: " ", with: "+")
            }
            return Array(fields.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&").utf8)
        }
    }

    static let webhooks: [Webhook] = (0..<burst).map { index in
        Webhook(
            sid: "SM" + String(format: "%032x", 0xC0FFEE_0000 + index),
            from: contacts[index % contacts.count],
            text: "Mensaje \(index): el aire no enfría y hace calor 🥵 ¿Pueden venir mañana a las \(index % 12 + 1)?")
    }

    @Test(arguments: StoreKind.allCases) func everyAcknowledgedWebhookSurvivesKill9MidBurst(_ kind: StoreKind)
        async throws
    {
        let apertium = try TranslateCommandTests.apertiumURL()
        try await withTestDatabase(kind) { database in
            // The business number the webhooks are sent to, seeded before the server starts.
            let seeding = try await database.threadStore()
            let rep = try await seeding.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            _ = try await seeding.assignNumber(try PhoneNumber(parsing: Self.businessNumber), to: rep.id)
            if let seeding = seeding as? SQLiteThreadStore { try seeding.database.close() }

            let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))
            let server = try ServerProcess(database: database.serveArgument, apertium: apertium)
            defer { server.stop() }
            try await server.waitUntilHealthy(client: client)

            // The burst: a few requests in flight at once; SIGKILL once `killAfter` were acknowledged.
            let outcome = await Self.fire(Self.webhooks, at: server.port, client: client) { acknowledged in
                guard acknowledged >= Self.killAfter else { return false }
                server.kill()
                return true
            }
            let killed = try #require(outcome.startedWhenKilled, "the server was never killed")
            #expect(server.terminationSignal == SIGKILL, "\(server.log)")
            #expect(outcome.acknowledged.count >= Self.killAfter)
            // The kill came in the middle of the burst: some webhooks had not even been sent.
            #expect(killed < Self.burst)
            #expect(outcome.acknowledged.count < Self.burst)
            #expect(outcome.failed > 0)

            // Straight to the database, as the next replica would find it.
            let store = try await database.threadStore()
            var stored = try await Self.storedMessages(store)
            for sid in outcome.acknowledged {
                let webhook = try #require(Self.webhooks.first { $0.sid == sid })
                let copies = stored[sid] ?? []
                #expect(copies.map(\.original) == [webhook.text], "acknowledged \(sid) is stored \(copies.count) times")
                #expect(copies.allSatisfy { $0.direction == .inbound })
            }
            #expect(stored.values.allSatisfy { $0.count == 1 })
            if let store = store as? SQLiteThreadStore { try store.database.close() }

            // A new server on the same database starts cleanly, and Twilio's retries of what was not
            // acknowledged (and a few repeats of what was) leave each message stored exactly once.
            let restarted = try ServerProcess(database: database.serveArgument, apertium: apertium)
            defer { restarted.stop() }
            try await restarted.waitUntilHealthy(client: client)
            let unacknowledged = Self.webhooks.filter { !outcome.acknowledged.contains($0.sid) }
            let repeats = Self.webhooks.filter { outcome.acknowledged.contains($0.sid) }.prefix(10)
            let retries = unacknowledged + Array(repeats)
            let retried = await Self.fire(retries, at: restarted.port, client: client)
            #expect(retried.acknowledged.count == retries.count, "\(restarted.log)")
            #expect(retried.failed == 0)
            restarted.terminate()
            #expect(try await restarted.waitForExit() == 0, "\(restarted.log)")

            stored = try await Self.storedMessages(try await database.threadStore())
            #expect(stored.count == Self.burst)
            #expect(stored.values.allSatisfy { $0.count == 1 })
            for webhook in Self.webhooks {
                #expect(stored[webhook.sid]?.first?.original == webhook.text)
            }
        }
    }

    /// What a burst came to.
    struct Outcome: Sendable {
        /// The MessageSids answered with a 2xx.
        var acknowledged: Set<String> = []
        /// Requests that got no answer or an error.
        var failed = 0
        /// How many requests had been started when `onAcknowledged` returned non-nil.
        var startedWhenKilled: Int?
    }

    /// Sends `webhooks` with `inFlight` at a time. After each acknowledgement it calls `kill` with
    /// the count so far, and notes how many requests had been started when `kill` first said it killed.
    static func fire(
        _ webhooks: [Webhook], at port: Int, client: ParleyHTTPClient, kill: (Int) -> Bool = { _ in false }
    ) async -> Outcome {
        var outcome = Outcome()
        await withTaskGroup(of: (String, Bool).self) { group in
            var started = 0
            var pending = webhooks[...]
            while started < inFlight, let next = pending.popFirst() {
                started += 1
                group.addTask { await post(next, port: port, client: client) }
            }
            while let (sid, acknowledged) = await group.next() {
                if acknowledged {
                    outcome.acknowledged.insert(sid)
                    if outcome.startedWhenKilled == nil, kill(outcome.acknowledged.count) {
                        outcome.startedWhenKilled = started
                    }
                } else {
                    outcome.failed += 1
                }
                if let next = pending.popFirst() {
                    started += 1
                    group.addTask { await post(next, port: port, client: client) }
                }
            }
        }
        return outcome
    }

    /// Posts one webhook; true when the server answered 2xx.
    static func post(_ webhook: Webhook, port: Int, client: ParleyHTTPClient) async -> (String, Bool) {
        let request = ParleyHTTPClient.Request(
            method: "POST", url: "http://127.0.0.1:\(port)/webhooks/twilio/inbound",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: webhook.form)
        do {
            let response = try await client.execute(request)
            return (webhook.sid, (200..<300).contains(response.status))
        } catch {
            return (webhook.sid, false)
        }
    }

    /// Every stored message of the burst's contacts, by MessageSid.
    static func storedMessages(_ store: any ThreadStore) async throws -> [String: [Message]] {
        guard let number = try await store.businessNumber(phone: try PhoneNumber(parsing: businessNumber)) else {
            return [:]
        }
        var bySid: [String: [Message]] = [:]
        for phone in contacts {
            guard let contact = try await store.contact(phone: try PhoneNumber(parsing: phone)) else { continue }
            let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
            for message in try await store.messages(conversationID: conversation.id, afterSequence: 0, limit: 1_000) {
                bySid[message.providerMessageID ?? "", default: []].append(message)
            }
        }
        return bySid
    }
}

/// `parley serve` on a free loopback port with unsigned webhooks and the real APy, its log in a file.
final class ServerProcess {
    private let announcedPort = Mutex<Int?>(nil)
    private let process: ChildProcess
    private let logFile: URL

    /// - Parameters:
    ///   - database: the `--database` argument.
    ///   - apertium: the APy URL (`--backend-url`).
    ///   - environment: settings added to the environment (`PARLEY_API_KEYS`, time limits, …).
    ///   - arguments: more `parley serve` options (`--demo`, `--industry hvac`, …).
    init(database: String, apertium: String, environment extra: [String: String] = [:], arguments: [String] = []) throws {
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("parley-serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process = ChildProcess()
        process.executableURL = ParleyProcess.executable
        process.arguments = [
            "serve", "--port", "0", "--database", database, "--backend", "apertium", "--backend-url", apertium,
        ] + arguments
        var environment = ProcessInfo.processInfo.environment
        for name in ["PARLEY_API_KEYS", "PARLEY_API_KEYS_FILE", "PARLEY_DATABASE", "PARLEY_CACHE"] {
            environment[name] = nil
        }
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
    }

    /// The server's process id (for signals such as SIGSTOP).
    var pid: Int32 { process.processIdentifier }

    /// What the server wrote to standard error (its last 4000 characters).
    var log: String {
        String((try? String(contentsOf: logFile, encoding: .utf8))?.suffix(4_000) ?? "")
    }

    /// The signal that ended the process, if one did.
    var terminationSignal: Int32? {
        process.isRunning || process.terminationReason != .uncaughtSignal ? nil : process.terminationStatus
    }

    /// The port the server listens on: the system chose it (`--port 0`) and the server printed it
    /// once bound, so no other process can have taken it in between; 0 until then.
    var port: Int {
        if let port = announcedPort.withLock({ $0 }) { return port }
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("parley: serving on http://") }),
            let address = line.split(separator: " ").dropFirst(3).first,
            let port = address.split(separator: ":").last.flatMap({ Int($0) })
        else { return 0 }
        announcedPort.withLock { $0 = port }
        return port
    }

    /// Waits until the server has printed its port and `GET /healthz` answers 200.
    func waitUntilHealthy(client: ParleyHTTPClient) async throws {
        for _ in 0..<600 where port == 0 && process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        for _ in 0..<200 {
            if let response = try? await client.execute(ParleyHTTPClient.Request(url: "http://127.0.0.1:\(port)/healthz")),
                response.status == 200
            {
                return
            }
            #expect(process.isRunning, "parley serve exited: \(log)")
            guard process.isRunning else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("parley serve never became healthy: \(log)")
        throw CancellationError()
    }

    /// SIGKILL: no shutdown, no flushing.
    func kill() {
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM: a clean stop.
    func terminate() { process.terminate() }

    /// Waits up to a minute for the process to end and gives its exit status (-1 if it still runs).
    func waitForExit() async throws -> Int32 {
        // Up to a minute: a graceful stop finishes the requests in flight, slow on a busy machine.
        for _ in 0..<600 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        return process.isRunning ? -1 : process.terminationStatus
    }

    /// Kills the process if it still runs and removes its log.
    func stop() {
        if process.isRunning { kill() }
        try? FileManager.default.removeItem(at: logFile)
    }
}
