import ArgumentParser
import Foundation
import ParleyHTTP
import ParleyThreads
import ParleyTranslation

/// `parley bench webhooks`: inbound webhooks acknowledged while the translation backend is stopped,
/// then while it is 5 s slow, each burst `webhooks` distinct messages with `concurrency` in flight on
/// loopback; then the same database served over the real APy, until every message is translated.
/// Reports each burst's acknowledgement latency (p50, p99, max), how many were stored and how many
/// times, and how long the translations took to catch up.
struct WebhookBench {
    let apertiumURL: String
    let glossaries: String
    let webhooks: Int
    let concurrency: Int

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-webhooks-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))
        print("webhooks: \(webhooks) distinct inbound webhooks per burst, \(concurrency) in flight, on loopback (SQLite)")

        // 1. The backend stopped: a port nothing listens on.
        let stopped = try ServeProcess(apertiumURL: "http://127.0.0.1:9", glossaries: glossaries, industry: "hvac", folder: folder)
        try await stopped.waitUntilHealthy(client: client)
        let first = await burst(prefix: "SMbenchstop", server: stopped, client: client)
        stopped.stop()
        print("webhooks: backend stopped: \(first.report)")

        // 2. The backend 5 s slow on every call.
        let slowBackend = try SlowBackend(delay: .seconds(5))
        defer { slowBackend.stop() }
        let slow = try ServeProcess(apertiumURL: slowBackend.baseURL, glossaries: glossaries, industry: "hvac", folder: folder)
        try await slow.waitUntilHealthy(client: client)
        let second = await burst(prefix: "SMbenchslow", server: slow, client: client)
        slow.stop()
        print("webhooks: backend 5 s slow: \(second.report)")

        // 3. The real APy: the job workers catch up.
        let store = SQLiteThreadStore(database: try ParleyDatabase(path: folder.appendingPathComponent("parley.sqlite").path))
        let counts = try await Self.storedCounts(store, prefix: "SMbench")
        let once = counts.values.filter { $0 == 1 }.count
        print("webhooks: stored: \(counts.count) distinct of \(2 * webhooks) acknowledged, \(once) exactly once")
        let up = try ServeProcess(apertiumURL: apertiumURL, glossaries: glossaries, industry: "hvac", folder: folder)
        defer { up.stop() }
        try await up.waitUntilHealthy(client: client)
        let start = ContinuousClock.now
        var pending = try await store.messagesPendingTranslation(limit: 1_000).count
        while pending > 0, ContinuousClock.now - start < .seconds(600) {
            try await Task.sleep(for: .milliseconds(250))
            pending = try await store.messagesPendingTranslation(limit: 1_000).count
        }
        let caughtUp = ContinuousClock.now - start
        print("webhooks: backend back: \(2 * webhooks - pending) of \(2 * webhooks) translated \(String(format: "%.1f", seconds(caughtUp))) s after the restart, \(pending) still pending")
    }

    struct Burst {
        var latencies: LatencyHistogram
        var acknowledged: Int
        var failed: Int
        var elapsed: Duration

        var report: String {
            func ms(_ microseconds: Int?) -> String { microseconds.map { String(format: "%.1f ms", Double($0) / 1_000) } ?? "-" }
            let rate = Double(acknowledged) / max(0.001, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            return "\(acknowledged) acknowledged, \(failed) failed; p50 \(ms(latencies.percentile(50))), p99 \(ms(latencies.percentile(99))), "
                + "max \(ms(latencies.percentile(100))); \(Int(rate)) webhooks/s"
        }
    }

    private func burst(prefix: String, server: ServeProcess, client: ParleyHTTPClient) async -> Burst {
        await Self.burst(
            prefix: prefix, at: [server.baseURL], concurrency: concurrency, webhooks: webhooks, client: client,
            contactPrefix: "+5255", problem: "mi aire acondicionado no enfría")
    }

    /// Posts `webhooks` distinct webhooks, `concurrency` at a time, request `i` to
    /// `baseURLs[i % count]`, each from a contact of its own (`contactPrefix` and the index).
    static func burst(
        prefix: String, at baseURLs: [String], concurrency: Int, webhooks: Int, client: ParleyHTTPClient,
        contactPrefix: String, problem: String
    ) async -> Burst {
        let start = ContinuousClock.now
        var result = Burst(latencies: LatencyHistogram(), acknowledged: 0, failed: 0, elapsed: .zero)
        await withTaskGroup(of: (Bool, Int).self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                let baseURL = baseURLs[index % baseURLs.count]
                group.addTask {
                    await Self.post(
                        index: index, prefix: prefix, contactPrefix: contactPrefix, problem: problem, baseURL: baseURL, client: client)
                }
            }
            while next < min(concurrency, webhooks) { add() }
            while let (ok, microseconds) = await group.next() {
                if ok {
                    result.acknowledged += 1
                    result.latencies.record(microseconds)
                } else {
                    result.failed += 1
                }
                if next < webhooks { add() }
            }
        }
        result.elapsed = ContinuousClock.now - start
        return result
    }

    /// Posts one inbound webhook from a contact of its own; whether it was acknowledged, and in how
    /// many microseconds.
    static func post(
        index: Int, prefix: String, contactPrefix: String, problem: String, baseURL: String, client: ParleyHTTPClient
    ) async -> (Bool, Int) {
        let sid = prefix + String(format: "%020d", index)
        let from = contactPrefix + String(format: "%08d", index)
        let text = "Hola, soy el cliente \(index): \(problem). ¿Pueden venir mañana?"
        let form = [("MessageSid", sid), ("From", from), ("To", "+14105550100"), ("Body", text), ("NumMedia", "0")]
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        let request = ParleyHTTPClient.Request(
            method: "POST", url: baseURL + "/webhooks/twilio/inbound",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(form.utf8))
        let start = ContinuousClock.now
        guard let response = try? await client.execute(request), (200..<300).contains(response.status) else { return (false, 0) }
        let elapsed = ContinuousClock.now - start
        return (true, Int(elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000))
    }

    /// How many times each bench message (provider id starting with `prefix`) is stored, by provider
    /// id. Every bench webhook comes from a contact of its own, so every conversation is read (the
    /// limit of one page of the list used to stop the count at 10,000).
    static func storedCounts(_ store: some ThreadStore, prefix: String) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        guard let number = try await store.businessNumber(phone: try PhoneNumber(parsing: "+14105550100")) else { return [:] }
        for summary in try await store.conversations(repID: number.repID, limit: Int(Int32.max), before: nil) {
            for message in try await store.messages(conversationID: summary.conversation.id, afterSequence: 0, limit: 500) {
                guard let sid = message.providerMessageID, sid.hasPrefix(prefix) else { continue }
                counts[sid, default: 0] += 1
            }
        }
        return counts
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
