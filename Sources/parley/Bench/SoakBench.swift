import ArgumentParser
import Foundation
import ParleyHTTP
import ParleyThreads
import Synchronization

/// `parley bench soak`: `parley serve` on SQLite and the real APy under a steady mixed load for a
/// long time — inbound webhooks, previews (mostly cached, some new), sends, and event streams that
/// read, some closed and reopened every sample — recording the server's resident memory, open
/// descriptors and threads over time, then whether they level off.
struct SoakBench {
    struct Options: ParsableArguments {
        @Option(help: "soak: minutes of mixed load.")
        var soakMinutes: Double = 30

        @Option(help: "soak: seconds between samples of the server's memory and descriptors.")
        var soakSampleSeconds = 30

        @Option(help: "soak: inbound webhooks per second (distinct messages from a pool of 500 contacts).")
        var soakWebhooks = 20

        @Option(help: "soak: previews per second (9 in 10 of a text seen before, 1 in 10 new).")
        var soakPreviews = 20

        @Option(help: "soak: sends per second.")
        var soakSends = 2

        @Option(help: "soak: event streams open throughout (a tenth closed and reopened every sample).")
        var soakStreams = 40

        @Option(help: "soak: the server's translation cache memory budget in MiB (PARLEY_CACHE_MEMORY_MEGABYTES); a small one fills early, so growth after it is not the cache.")
        var soakCacheMegabytes: Int?
    }

    let apertiumURL: String
    let glossaries: String
    let options: Options

    /// What each kind of load did, counted by the tasks that make it.
    private final class Tally: Sendable {
        struct Counts {
            var ok = 0, failed = 0, skipped = 0
            /// Failures by HTTP status (0: no answer).
            var statuses: [Int: Int] = [:]
        }
        private let counts = Mutex<[String: Counts]>([:])

        func record(_ kind: String, status: Int) {
            counts.withLock {
                if (200..<300).contains(status) {
                    $0[kind, default: Counts()].ok += 1
                } else {
                    $0[kind, default: Counts()].failed += 1
                    $0[kind, default: Counts()].statuses[status, default: 0] += 1
                }
            }
        }

        func skip(_ kind: String) { counts.withLock { $0[kind, default: Counts()].skipped += 1 } }

        var snapshot: [String: Counts] { counts.withLock { $0 } }
    }

    /// One sample of the server.
    struct Sample {
        var minutes: Double
        var residentBytes: Int
        var descriptors: Int
        var threads: Int
    }

    func run() async throws {
        let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))
        let server = try ServeProcess(
            apertiumURL: apertiumURL, glossaries: glossaries, industry: "hvac",
            settings: options.soakCacheMegabytes.map { ["PARLEY_CACHE_MEMORY_MEGABYTES": String($0)] } ?? [:])
        defer { server.stop() }
        try await server.waitUntilHealthy(client: client)
        let demo = try await conversationIDs(server: server, client: client)
        guard !demo.isEmpty else { throw ValidationError("soak: the demo has no conversation\n\(server.logTail())") }
        let conversations = Locked(demo)
        let streams = try LiveEventStreams(count: options.soakStreams, port: server.port, key: server.key)
        defer { streams.stop() }

        let duration = Duration.milliseconds(Int(options.soakMinutes * 60_000))
        print("soak: parley serve (pid \(server.pid)) on SQLite and Apertium at \(apertiumURL), \(String(format: "%g", options.soakMinutes)) min: "
            + "\(options.soakWebhooks) webhooks/s, \(options.soakPreviews) previews/s, \(options.soakSends) sends/s, "
            + "\(options.soakStreams) reading event streams; a sample every \(options.soakSampleSeconds) s; translation cache memory "
            + (options.soakCacheMegabytes.map { "\($0) MiB" } ?? "32 MiB (the default)"))
        print("soak:  minute  resident MiB  descriptors  threads   webhooks ok/failed   previews ok/failed   sends ok/failed   streams open/ended   MiB read")

        let baseURL = server.baseURL
        let key = server.key
        let tally = Tally()
        let start = ContinuousClock.now
        let end = start + duration
        var samples: [Sample] = []
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await Self.paced(perSecond: options.soakWebhooks, until: end, kind: "webhooks", tally: tally) { index in
                    await Self.inbound(index: index, baseURL: baseURL, client: client)
                }
            }
            group.addTask {
                await Self.paced(perSecond: options.soakPreviews, until: end, kind: "previews", tally: tally) { index in
                    let text = index % 10 == 9 ? "\(Self.replies[index % Self.replies.count]) (ticket \(index))" : Self.replies[index % Self.replies.count]
                    let id = conversations.mutex.withLock { $0[index % $0.count] }
                    return await Self.post(
                        ["text": text], to: baseURL + "/v1/conversations/\(id)/preview", key: key, client: client)
                }
            }
            group.addTask {
                await Self.paced(perSecond: options.soakSends, until: end, kind: "sends", tally: tally) { index in
                    let id = conversations.mutex.withLock { $0[index % $0.count] }
                    return await Self.post(
                        ["text": Self.replies[index % Self.replies.count], "confirmed": true],
                        to: baseURL + "/v1/conversations/\(id)/messages", key: key, client: client)
                }
            }
            // The sampler, which also refreshes the conversations the load goes to and churns streams.
            var nextSample = start
            while nextSample <= end {
                try? await Task.sleep(until: nextSample, clock: .continuous)
                let minutes = Self.seconds(ContinuousClock.now - start) / 60
                let sample = Self.sample(pid: server.pid, minutes: minutes)
                samples.append(sample)
                let counts = tally.snapshot
                let open = streams.snapshot
                func pair(_ kind: String) -> String { "\(counts[kind]?.ok ?? 0)/\(counts[kind]?.failed ?? 0)" }
                print(
                    "soak: " + [
                        String(format: "%7.1f", minutes), String(format: "%13.1f", Double(sample.residentBytes) / 1_048_576),
                        String(format: "%12d", sample.descriptors), String(format: "%8d", sample.threads),
                        pair("webhooks").leftPadded(20), pair("previews").leftPadded(20), pair("sends").leftPadded(17),
                        "\(open.open)/\(open.ended)".leftPadded(20), String(format: "%10.1f", Double(open.bytesRead) / 1_048_576),
                    ].joined(separator: " "))
                try? streams.churn(max(1, options.soakStreams / 10))
                if let ids = try? await conversationIDs(server: server, client: client), !ids.isEmpty {
                    conversations.mutex.withLock { $0 = ids }
                }
                nextSample = nextSample + .seconds(options.soakSampleSeconds)
            }
            await group.waitForAll()
        }

        let counts = tally.snapshot
        for kind in ["webhooks", "previews", "sends"] {
            let count = counts[kind] ?? .init()
            let statuses = count.statuses.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key == 0 ? "no answer" : String($0.key))" }
            print("soak: \(kind): \(count.ok) answered 2xx, \(count.failed) not\(statuses.isEmpty ? "" : " (" + statuses.joined(separator: ", ") + ")"), "
                + "\(count.skipped) not started (64 still in flight)")
        }
        report(samples)
        server.stop()
        try await checkStored(server: server, acknowledged: counts["webhooks"]?.ok ?? 0)
    }

    /// Whether memory, descriptors and threads level off (``SoakPlateau``).
    private func report(_ samples: [Sample]) {
        guard let memory = SoakPlateau(samples.map { ($0.minutes, Double($0.residentBytes) / 1_048_576) }),
            let descriptors = SoakPlateau(samples.map { ($0.minutes, Double($0.descriptors)) }),
            let threads = SoakPlateau(samples.map { ($0.minutes, Double($0.threads)) })
        else {
            print("soak: too few samples (\(samples.count)) to judge a plateau; run longer or sample more often")
            return
        }
        print("soak: resident memory: first \(String(format: "%.1f", memory.first)) MiB, middle third \(String(format: "%.1f", memory.middleMean)) MiB, "
            + "last third \(String(format: "%.1f", memory.lastMean)) MiB (\(String(format: "%+.1f", memory.growth)) MiB); second-half trend "
            + "\(String(format: "%+.2f", memory.trendPerTenMinutes)) MiB per 10 min; "
            + (memory.isPlateau(tolerance: 2, share: 0.03, trend: 1) ? "a plateau" : "NOT a plateau")
            + " (a plateau: the last third within max(2 MiB, 3 %) of the middle third and a trend ≤ 1 MiB per 10 min)")
        print("soak: descriptors: middle third \(String(format: "%.0f", descriptors.middleMean)), last third \(String(format: "%.0f", descriptors.lastMean)), "
            + "trend \(String(format: "%+.1f", descriptors.trendPerTenMinutes)) per 10 min, "
            + (descriptors.isPlateau(tolerance: 2, share: 0, trend: 2) ? "level" : "NOT level (last third above the middle by more than 2, or a trend over 2 per 10 min)")
            + "; threads: middle \(String(format: "%.0f", threads.middleMean)), last \(String(format: "%.0f", threads.lastMean)), "
            + (threads.isPlateau(tolerance: 1, share: 0, trend: 1) ? "level" : "NOT level"))
    }

    /// Every acknowledged soak webhook is stored exactly once.
    private func checkStored(server: ServeProcess, acknowledged: Int) async throws {
        let store = SQLiteThreadStore(database: try ParleyDatabase(path: server.database.path))
        guard let number = try await store.businessNumber(phone: try PhoneNumber(parsing: "+14105550100")) else { return }
        var counts: [String: Int] = [:]
        for summary in try await store.conversations(repID: number.repID, limit: 10_000, before: nil) {
            var after: Int64 = 0
            while true {
                let page = try await store.messages(conversationID: summary.conversation.id, afterSequence: after, limit: 500)
                for message in page {
                    if let sid = message.providerMessageID, sid.hasPrefix("SMsoak") { counts[sid, default: 0] += 1 }
                }
                guard page.count == 500, let last = page.last else { break }
                after = last.sequence
            }
        }
        let once = counts.values.filter { $0 == 1 }.count
        print("soak: stored: \(counts.count) distinct inbound messages of \(acknowledged) acknowledged, \(once) exactly once")
    }

    /// Calls `body` `perSecond` times a second until `end`, each call a task of its own; a call
    /// whose turn comes while 64 are still in flight is skipped and counted.
    private static func paced(
        perSecond: Int, until end: ContinuousClock.Instant, kind: String, tally: Tally,
        _ body: @escaping @Sendable (Int) async -> Int
    ) async {
        guard perSecond > 0 else { return }
        let interval = Duration.seconds(1) / perSecond
        let inFlight = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            var next = ContinuousClock.now
            var index = 0
            while next < end {
                try? await Task.sleep(until: next, clock: .continuous)
                let call = index
                index += 1
                next = next + interval
                guard inFlight.mutex.withLock({ count in count < 64 ? { count += 1; return true }() : false }) else {
                    tally.skip(kind)
                    continue
                }
                group.addTask {
                    tally.record(kind, status: await body(call))
                    inFlight.mutex.withLock { $0 -= 1 }
                }
            }
        }
    }

    private static func post(_ body: [String: any Sendable], to url: String, key: String, client: ParleyHTTPClient) async -> Int {
        guard let data = try? JSONSerialization.data(withJSONObject: body) else { return 0 }
        let request = ParleyHTTPClient.Request(
            method: "POST", url: url, headers: [("Authorization", "Bearer \(key)"), ("Content-Type", "application/json")],
            body: Array(data), timeout: .seconds(30))
        return (try? await client.execute(request))?.status ?? 0
    }

    /// Posts inbound webhook `index`: a distinct message from one of 500 contacts.
    private static func inbound(index: Int, baseURL: String, client: ParleyHTTPClient) async -> Int {
        let form = [
            ("MessageSid", "SMsoak" + String(format: "%026d", index)), ("From", "+5255" + String(format: "%08d", index % 500)),
            ("To", "+14105550100"), ("Body", "Mensaje \(index): mi aire acondicionado no enfría. ¿Pueden venir mañana?"), ("NumMedia", "0"),
        ]
        let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        let request = ParleyHTTPClient.Request(
            method: "POST", url: baseURL + "/webhooks/twilio/inbound",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
        return (try? await client.execute(request))?.status ?? 0
    }

    /// The rep's 50 most recent conversations.
    private func conversationIDs(server: ServeProcess, client: ParleyHTTPClient) async throws -> [String] {
        let request = ParleyHTTPClient.Request(
            url: server.baseURL + "/v1/conversations?limit=50", headers: [("Authorization", "Bearer \(server.key)")])
        let response = try await client.execute(request)
        guard response.status == 200, let list = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] else {
            throw ValidationError("GET /v1/conversations gave \(response.status): \(response.text)\n\(server.logTail())")
        }
        return list.compactMap { ($0["conversation"] as? [String: Any])?["id"] as? String }
    }

    private static func sample(pid: Int32, minutes: Double) -> Sample {
        let memory = ProcessMemory.of(pid: pid)
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let threads = status.split(whereSeparator: \.isNewline).first { $0.hasPrefix("Threads:") }
            .flatMap { Int($0.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) } ?? -1
        return Sample(minutes: minutes, residentBytes: memory?.residentBytes ?? 0, descriptors: descriptors, threads: threads)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Replies a rep sends, with a time, a price, a phone number, an emoji and glossary terms.
    static let replies = [
        "Your technician is on the way 🚐 Call (410) 555-0123 if you need to reschedule.",
        "We can come tomorrow at 9:30 AM. The diagnostic visit is $89.",
        "The air filter is dirty; we will replace it during the maintenance visit.",
        "Thanks for your message! A technician will call you within the hour.",
        "Your heat pump is under warranty, so the repair is free.",
        "Please reply with a photo of the thermostat so we can check the model.",
        "We have an opening on Friday between 1 PM and 4 PM. Does that work for you?",
        "The refrigerant leak is fixed. Let us know if the air conditioner stops cooling again.",
    ]
}

/// A value several tasks share behind a lock.
private final class Locked<Value: Sendable>: Sendable {
    let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
}
