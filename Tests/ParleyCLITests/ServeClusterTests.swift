import Foundation
import ParleyHTTP
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Several `parley serve` replicas on one real PostgreSQL, as issue 18 deploys them: a replica
/// stalled with SIGSTOP does not stop its peer, and the replicas agree on the glossary, on sign-in
/// throttles and on the demo data. Every wait is on a condition, bounded only to turn a hang into a
/// failure; nothing is timed.
@Suite(.serialized) struct ServeClusterTests {
    static let adminEmail = "ana@example.com"
    static let adminKey = "ana-admin-key-0123456789abcdef"
    static let repEmail = "dana@example.com"
    static let repKey = "dana-rep-key-0123456789abcdef"
    static let keys = "admin:\(adminEmail)=\(adminKey),rep:\(repEmail)=\(repKey)"

    /// The burst's webhooks, each from a contact of its own (so each is a conversation of its own).
    static func webhooks(_ range: Range<Int>) -> [ServeCrashTests.Webhook] {
        range.map { index in
            ServeCrashTests.Webhook(
                sid: "SM" + String(format: "%032x", 0x57_0000 + index), from: "+5255" + String(format: "%08d", 70_000 + index),
                text: "Mensaje \(index): ¿pueden revisar mi calentador mañana a las \(index % 12 + 1)?")
        }
    }

    // MARK: - A stalled replica

    @Test func aReplicaStoppedMidBurstDoesNotStopTheOtherFromAcknowledging() async throws {
        let apertium = try TranslateCommandTests.apertiumURL()
        try await withTestDatabase(.postgres) { database in
            let store = try await database.threadStore()
            let rep = try await store.createRep(name: "Dana", email: Self.repEmail, role: .rep)
            _ = try await store.assignNumber(try PhoneNumber(parsing: ServeCrashTests.businessNumber), to: rep.id)

            let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(300)))
            let replicas = try (0..<2).map { _ in try ServerProcess(database: database.serveArgument, apertium: apertium) }
            defer {
                _ = kill(replicas[0].pid, SIGCONT)
                for replica in replicas { replica.stop() }
            }
            for replica in replicas { try await replica.waitUntilHealthy(client: client) }
            let (stalled, running) = (replicas[0], replicas[1])

            // 1. A burst to both, taking turns; A is stopped once 40 were acknowledged. Its requests in
            //    flight then wait (in this task) until it runs again.
            let first = Self.webhooks(0..<200)
            let stopped = StopSignal()
            let (stalledPID, ports) = (stalled.pid, [stalled.port, running.port])
            let firstBurst = Task {
                await Self.burst(first, ports: ports, inFlight: 16, client: client) { acknowledged in
                    guard acknowledged >= 40 else { return false }
                    if !stopped.isSet {
                        _ = kill(stalledPID, SIGSTOP)
                        stopped.set()
                    }
                    return true
                }
            }
            defer { firstBurst.cancel() }
            #expect(await Self.eventually { stopped.isSet }, "A was never stopped: \(running.log)")
            #expect(await Self.eventually { Self.processState(stalled.pid) == "T" })

            // 2. While A is stopped, distinct webhooks to B only: B acknowledges every one. Each request
            //    may wait 20 s, and none starts after two minutes, so a B that is blocked fails, not hangs.
            let second = Self.webhooks(1_000..<1_100)
            let whileStopped = await Self.burst(
                second, ports: [running.port], inFlight: 8, client: client, requestTimeout: .seconds(20), giveUpAfter: .seconds(120))
            let stillStopped = Self.processState(stalled.pid) == "T"
            #expect(stillStopped, "A ran again before B's burst ended")
            #expect(
                whileStopped.acknowledged.count == second.count,
                "B acknowledged \(whileStopped.acknowledged.count) of \(second.count) webhooks while A was stopped (\(whileStopped.failed) failed, \(whileStopped.unsent) never sent): \(running.log)")

            // 3. A stays stopped until the server has ended its transactions (after its
            //    idle_in_transaction_session_timeout, 5 s): A resumes on connections that are gone.
            let idleInTransaction = "SELECT count(*)::text FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
            let ended = await Self.eventually { (try? await database.postgresStrings(unsafeSQL: idleInTransaction)) == ["0"] }
            #expect(ended, "the server never ended the stopped replica's transactions")

            // 4. A runs again, finishes what it had in flight, and answers again.
            _ = kill(stalled.pid, SIGCONT)
            let firstOutcome = await firstBurst.value
            #expect(firstOutcome.acknowledged.count >= 40)
            try await stalled.waitUntilHealthy(client: client)

            // Every acknowledged webhook is stored exactly once, with its text; nothing is stored twice.
            let stored = try await Self.storedMessages(store, of: first + second)
            for webhook in first + second where firstOutcome.acknowledged.contains(webhook.sid) || whileStopped.acknowledged.contains(webhook.sid) {
                #expect(stored[webhook.sid]?.map(\.original) == [webhook.text], "\(webhook.sid) is stored \(stored[webhook.sid]?.count ?? 0) times")
            }
            #expect(stored.values.allSatisfy { $0.count == 1 })
            for replica in replicas { replica.terminate() }
            for replica in replicas { #expect(try await replica.waitForExit() == 0, "\(replica.log)") }
        }
    }

    // MARK: - The replicas agree

    @Test func aGlossaryEditOnOneReplicaIsUsedByTheOthersNextPreview() async throws {
        let apertium = try TranslateCommandTests.apertiumURL()
        try await withTestDatabase(.postgres) { database in
            let store = try await database.threadStore()
            _ = try await store.createRep(name: "Ana", email: Self.adminEmail, role: .admin)
            _ = try await store.createRep(name: "Dana", email: Self.repEmail, role: .rep)
            // The replicas' glossaries: a copy of the shipped ones, so the test never edits the checkout's.
            let glossaries = FileManager.default.temporaryDirectory.appendingPathComponent("parley-cluster-glossaries-\(UUID())")
            try FileManager.default.copyItem(at: Self.checkout.appendingPathComponent("glossaries"), to: glossaries)
            defer { try? FileManager.default.removeItem(at: glossaries) }

            let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))
            let replicas = try (0..<2).map { _ in
                try ServerProcess(
                    database: database.serveArgument, apertium: apertium,
                    environment: ["PARLEY_API_KEYS": Self.keys, "PARLEY_GLOSSARIES": glossaries.path], arguments: ["--industry", "hvac"])
            }
            defer { for replica in replicas { replica.stop() } }
            for replica in replicas { try await replica.waitUntilHealthy(client: client) }
            let (a, b) = (replicas[0], replicas[1])

            // B translates the sentence without the term before the edit (and has its glossary loaded).
            let before = try await Self.preview(on: b, client: client)
            #expect(!before.contains(Self.clubTerm), "\(before)")

            let edit = try await client.execute(
                ParleyHTTPClient.Request(
                    method: "POST", url: "http://127.0.0.1:\(a.port)/v1/glossaries/hvac/concepts",
                    headers: [("Authorization", "Bearer \(Self.adminKey)"), ("Content-Type", "application/json")],
                    body: Array(Self.comfortClub.utf8)))
            #expect(edit.status == 201, "\(edit.text)")
            #expect(try await Self.preview(on: a, client: client).contains(Self.clubTerm))

            // B's next previews: within a generous bound, one uses the term A's admin added.
            var latest = ""
            let used = await Self.eventually {
                latest = (try? await Self.preview(on: b, client: client)) ?? latest
                return latest.contains(Self.clubTerm)
            }
            #expect(used, "B still translates without the edit made on A: \(latest)\n\(b.log)")
        }
    }

    @Test func aSignInThrottleReachedOnOneReplicaHoldsOnTheOther() async throws {
        let apertium = try TranslateCommandTests.apertiumURL()
        try await withTestDatabase(.postgres) { database in
            let store = try await database.threadStore()
            _ = try await store.createRep(name: "Dana", email: Self.repEmail, role: .rep)
            let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))
            let replicas = try (0..<2).map { _ in
                try ServerProcess(database: database.serveArgument, apertium: apertium, environment: ["PARLEY_API_KEYS": Self.keys])
            }
            defer { for replica in replicas { replica.stop() } }
            for replica in replicas { try await replica.waitUntilHealthy(client: client) }
            let (a, b) = (replicas[0], replicas[1])

            // Wrong keys on A until it throttles: five attempts at once are allowed, then one a minute.
            var statuses: [Int] = []
            while statuses.count < 10, statuses.last != 429 {
                statuses.append(try await Self.signIn(on: a, key: "not-dana-key-0123456789", client: client).status)
            }
            #expect(statuses == [401, 401, 401, 401, 401, 429], "\(a.log)")

            // On B, even Dana's right key is refused for now, with when to try again.
            let onB = try await Self.signIn(on: b, key: Self.repKey, client: client)
            #expect(onB.status == 429, "B let Dana sign in after A throttled her email (\(onB.status)): \(b.log)")
            #expect(Int(onB.header("Retry-After") ?? "") ?? 0 > 0)
            #expect(onB.text.contains("Too many sign-in attempts"))
        }
    }

    @Test func twoDemoReplicasStartedTogetherBothServeAndSeedOnce() async throws {
        let apertium = try TranslateCommandTests.apertiumURL()
        let key = "demo-admin-key-0123456789abcdef"
        // A race shows only sometimes: three fresh databases, two replicas started together on each.
        for round in 0..<3 {
            try await withTestDatabase(.postgres) { database in
                let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))
                let replicas = try (0..<2).map { _ in
                    try ServerProcess(
                        database: database.serveArgument, apertium: apertium,
                        environment: ["PARLEY_API_KEYS": "admin:demo.rep@parley.local=\(key)"], arguments: ["--demo"])
                }
                defer { for replica in replicas { replica.stop() } }
                for replica in replicas { try await replica.waitUntilHealthy(client: client) }

                for replica in replicas {
                    let response = try await client.execute(
                        ParleyHTTPClient.Request(url: "http://127.0.0.1:\(replica.port)/v1/conversations", headers: [("Authorization", "Bearer \(key)")]))
                    #expect(response.status == 200, "round \(round): \(response.text)\n\(replica.log)")
                    let list = try JSONSerialization.jsonObject(with: Data(response.body)) as? [Any]
                    #expect(list?.count == 1, "round \(round): \(response.text)")
                }

                let store = try await database.threadStore()
                let reps = try await store.reps().filter { $0.email == "demo.rep@parley.local" }
                #expect(reps.count == 1, "round \(round)")
                let numbers = try await store.businessNumbers(repID: nil).filter { $0.phone.e164 == "+14105550100" }
                #expect(numbers.count == 1, "round \(round)")
                let rep = try #require(reps.first)
                #expect(try await store.conversations(repID: rep.id, limit: 10, before: nil).count == 1, "round \(round)")
                #expect(try await store.searchContacts("María", limit: 10).count == 1, "round \(round)")
                #expect(try await store.templates(repID: nil).count == 1, "round \(round)")
                for replica in replicas { replica.terminate() }
                for replica in replicas { #expect(try await replica.waitForExit() == 0, "round \(round): \(replica.log)") }
            }
        }
    }

    // MARK: - Helpers

    /// The checkout (for its glossaries).
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The term the edit adds: no MT engine writes it by itself.
    static let clubTerm = "Club Confort Parley"
    static let comfortClub = #"""
        {"id": "hvac-comfort-club", "terms": {"en": [{"text": "comfort club", "status": "preferred"}],
                                               "es": [{"text": "Club Confort Parley", "status": "preferred"}]}}
        """#

    /// `POST /v1/preview` of a sentence with "comfort club" into Spanish, as the rep; the translation.
    static func preview(on replica: ServerProcess, client: ParleyHTTPClient) async throws -> String {
        let response = try await client.execute(
            ParleyHTTPClient.Request(
                method: "POST", url: "http://127.0.0.1:\(replica.port)/v1/preview",
                headers: [("Authorization", "Bearer \(repKey)"), ("Content-Type", "application/json")],
                body: Array(#"{"text": "Your comfort club visit is tomorrow.", "language": "es"}"#.utf8)))
        guard response.status == 200,
            let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
            let text = body["text"] as? String
        else { throw ClusterTestError(message: "preview answered \(response.status): \(response.text)") }
        return text
    }

    /// One web sign-in as Dana: the form (its CSRF cookie and field), then the post.
    static func signIn(on replica: ServerProcess, key: String, client: ParleyHTTPClient) async throws -> ParleyHTTPClient.Response {
        let page = try await client.execute(ParleyHTTPClient.Request(url: "http://127.0.0.1:\(replica.port)/sign-in"))
        let cookie = try #require(page.header("Set-Cookie")?.split(separator: ";").first.map(String.init), "\(page.headers)")
        let marker = #"name="csrf" value=""#
        let start = try #require(page.text.range(of: marker), "\(page.text)")
        let token = page.text[start.upperBound...].prefix { $0 != "\"" }
        let form = "email=\(repEmail.replacingOccurrences(of: "@", with: "%40"))&key=\(key)&csrf=\(token)"
        return try await client.execute(
            ParleyHTTPClient.Request(
                method: "POST", url: "http://127.0.0.1:\(replica.port)/sign-in",
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", cookie)], body: Array(form.utf8)))
    }

    /// What a burst came to.
    struct Outcome: Sendable {
        /// The MessageSids answered with a 2xx.
        var acknowledged: Set<String> = []
        /// Requests that got no answer or an error.
        var failed = 0
        /// Webhooks never sent (the burst was told to stop, or gave up).
        var unsent = 0
    }

    /// Sends `webhooks` with `inFlight` at a time, taking turns over `ports`. After each
    /// acknowledgement `stopAfter` gets the count so far; once it says true no more are started.
    /// No request starts after `giveUpAfter`.
    static func burst(
        _ webhooks: [ServeCrashTests.Webhook], ports: [Int], inFlight: Int, client: ParleyHTTPClient,
        requestTimeout: Duration? = nil, giveUpAfter: Duration = .seconds(600), stopAfter: (Int) -> Bool = { _ in false }
    ) async -> Outcome {
        var outcome = Outcome()
        let deadline = ContinuousClock.now + giveUpAfter
        await withTaskGroup(of: (String, Bool).self) { group in
            var pending = Array(webhooks.enumerated())[...]
            var stopped = false
            func startNext() {
                guard !stopped, ContinuousClock.now < deadline, let (index, webhook) = pending.popFirst() else { return }
                let port = ports[index % ports.count]
                group.addTask { await post(webhook, port: port, client: client, timeout: requestTimeout) }
            }
            for _ in 0..<inFlight { startNext() }
            while let (sid, acknowledged) = await group.next() {
                if acknowledged {
                    outcome.acknowledged.insert(sid)
                    if stopAfter(outcome.acknowledged.count) { stopped = true }
                } else {
                    outcome.failed += 1
                }
                startNext()
            }
            outcome.unsent = pending.count
        }
        return outcome
    }

    /// Posts one webhook; true when the replica answered 2xx.
    static func post(_ webhook: ServeCrashTests.Webhook, port: Int, client: ParleyHTTPClient, timeout: Duration?) async -> (String, Bool) {
        let request = ParleyHTTPClient.Request(
            method: "POST", url: "http://127.0.0.1:\(port)/webhooks/twilio/inbound",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: webhook.form, timeout: timeout)
        guard let response = try? await client.execute(request) else { return (webhook.sid, false) }
        return (webhook.sid, (200..<300).contains(response.status))
    }

    /// Every stored message of the webhooks' contacts, by MessageSid.
    static func storedMessages(_ store: any ThreadStore, of webhooks: [ServeCrashTests.Webhook]) async throws -> [String: [Message]] {
        let number = try #require(try await store.businessNumber(phone: try PhoneNumber(parsing: ServeCrashTests.businessNumber)))
        var bySid: [String: [Message]] = [:]
        for phone in Set(webhooks.map(\.from)) {
            guard let contact = try await store.contact(phone: try PhoneNumber(parsing: phone)),
                let conversation = try await store.conversation(numberID: number.id, contactID: contact.id)
            else { continue }
            for message in try await store.messages(conversationID: conversation.id, afterSequence: 0, limit: 1_000) {
                bySid[message.providerMessageID ?? "", default: []].append(message)
            }
        }
        return bySid
    }

    /// A process's state letter from /proc (`T` when stopped), or nil when it is gone.
    static func processState(_ pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.range(of: ") ", options: .backwards)
        else { return nil }
        return stat[end.upperBound...].first.map(String.init)
    }

    /// Whether `condition` holds within two minutes; the bound only catches a hang.
    static func eventually(_ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return await condition()
    }
}

/// Set once, read from any task: whether the stalled replica was stopped.
final class StopSignal: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() { value.store(true, ordering: .releasing) }
}

/// A replica's answer the test could not use.
struct ClusterTestError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
