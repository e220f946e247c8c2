import ArgumentParser
import Foundation
import ParleyHTTP
import ParleyThreads
import ParleyTranslation

/// `parley bench replicas`: what several replicas on one PostgreSQL give (issue 18).
///
/// 1. Webhook ingest: `webhooks` distinct inbound webhooks, `clients` in flight, on SQLite (one
///    server), on one PostgreSQL replica and on two replicas of one database (the clients taking
///    turns between them); webhooks acknowledged per second and the acknowledgement latency.
/// 2. The database's load from live streams: transactions (and rows read) per second on the
///    PostgreSQL server, from `pg_stat_database`, over `window` with one replica and no event
///    stream, then with `streams` idle `GET /v1/events` streams open, each idle and then with one
///    inbound SMS a second. The goal is the same figures with and without the streams.
///
/// Every PostgreSQL run gets a new schema on the server `PARLEY_POSTGRES_URL` names, dropped after.
struct ReplicaBench {
    let apertiumURL: String
    /// The PostgreSQL server; nil runs the SQLite part only.
    let postgresURL: String?
    let glossaries: String
    /// Webhooks in flight at once.
    var clients = 16
    /// Distinct webhooks per ingest run.
    var webhooks = 1_000
    /// Idle event streams opened for the second part.
    var streams = 500
    /// How long each database-load figure is measured.
    var window: Duration = .seconds(15)

    func run() async throws {
        let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))
        print("replicas: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(Self.loadAverage()); "
            + "webhook ingest: \(webhooks) distinct inbound webhooks per run, \(clients) in flight, on loopback, Apertium at \(apertiumURL)")

        do {
            let server = try ServeProcess(apertiumURL: apertiumURL, glossaries: glossaries, industry: "hvac")
            defer { server.stop() }
            try await server.waitUntilHealthy(client: client)
            let result = await ingest(prefix: "SMreplsqlite", at: [server.baseURL], client: client)
            print("replicas: ingest, SQLite (one server): \(result.report)")
        }

        guard let postgresURL, !postgresURL.isEmpty else {
            print("replicas: the PostgreSQL runs skipped (set PARLEY_POSTGRES_URL; scripts/postgres start prints one)")
            return
        }
        try await Self.withSchema(postgresURL) { url, _ in
            let server = try ServeProcess(apertiumURL: apertiumURL, glossaries: glossaries, industry: "hvac", databaseURL: url)
            defer { server.stop() }
            try await server.waitUntilHealthy(client: client)
            let result = await ingest(prefix: "SMreplpg1", at: [server.baseURL], client: client)
            print("replicas: ingest, PostgreSQL, 1 replica: \(result.report)")
        }
        try await Self.withSchema(postgresURL) { url, _ in
            // The first replica brings the schema up and seeds the demo; then the second starts.
            let first = try ServeProcess(apertiumURL: apertiumURL, glossaries: glossaries, industry: "hvac", databaseURL: url)
            defer { first.stop() }
            try await first.waitUntilHealthy(client: client)
            let second = try ServeProcess(apertiumURL: apertiumURL, glossaries: glossaries, industry: "hvac", databaseURL: url)
            defer { second.stop() }
            try await second.waitUntilHealthy(client: client)
            let result = await ingest(prefix: "SMreplpg2", at: [first.baseURL, second.baseURL], client: client)
            print("replicas: ingest, PostgreSQL, 2 replicas (clients taking turns): \(result.report)")
        }
        try await Self.withSchema(postgresURL) { url, admin in
            try await databaseLoad(url: url, admin: admin, client: client)
        }
    }

    // MARK: - Webhook ingest

    /// Posts `webhooks` distinct webhooks, `clients` at a time, request `i` to `baseURLs[i % count]`.
    private func ingest(prefix: String, at baseURLs: [String], client: ParleyHTTPClient) async -> WebhookBench.Burst {
        await WebhookBench.burst(
            prefix: prefix, at: baseURLs, concurrency: clients, webhooks: webhooks, client: client,
            contactPrefix: Self.contactPrefix, problem: Self.problem)
    }

    private static let (contactPrefix, problem) = ("+5256", "la calefacción no prende")

    // MARK: - The database's load from live streams

    /// The PostgreSQL server's activity counters for the whole database.
    struct Activity {
        var transactions: Int
        var rowsRead: Int
        var at: ContinuousClock.Instant
    }

    private func databaseLoad(url: String, admin: PostgresDatabase, client: ParleyHTTPClient) async throws {
        let server = try ServeProcess(apertiumURL: apertiumURL, glossaries: glossaries, industry: "hvac", databaseURL: url)
        defer { server.stop() }
        try await server.waitUntilHealthy(client: client)
        try await Task.sleep(for: .seconds(3))  // the start-up's own work (memory import, first sweeps) settles
        let seconds = Double(window.components.seconds)
        print("replicas: database load on the PostgreSQL server (pg_stat_database, every schema of the database), "
            + "one replica, \(Int(seconds)) s each; load average \(Self.loadAverage())")

        var sent = 0
        func measure(_ label: String, smsPerSecond: Bool) async throws {
            let before = try await Self.activity(admin)
            var latencies = LatencyHistogram()
            if smsPerSecond {
                // One inbound SMS a second, each from a new contact, as a quiet hour of traffic.
                let end = before.at + window
                var tick = before.at
                while tick < end {
                    let (ok, microseconds) = await WebhookBench.post(
                        index: sent, prefix: "SMrepltick", contactPrefix: Self.contactPrefix, problem: Self.problem,
                        baseURL: server.baseURL, client: client)
                    sent += 1
                    if ok { latencies.record(microseconds) }
                    tick = tick + .seconds(1)
                    if tick > ContinuousClock.now { try await Task.sleep(until: tick) }
                }
            } else {
                try await Task.sleep(for: window)
            }
            let after = try await Self.activity(admin)
            let elapsed = Self.seconds(after.at - before.at)
            let transactions = Double(after.transactions - before.transactions) / elapsed
            let rows = Double(after.rowsRead - before.rowsRead) / elapsed
            var line = "replicas: \(label): \(Int(transactions.rounded())) transactions/s, \(Int(rows.rounded())) rows read/s"
            if smsPerSecond {
                let ms = { (p: Double) in latencies.percentile(p).map { String(format: "%.1f ms", Double($0) / 1_000) } ?? "-" }
                line += "; \(latencies.total) webhooks acknowledged, p50 \(ms(50)), p99 \(ms(99))"
            }
            print(line)
        }

        try await measure("no event stream, idle", smsPerSecond: false)
        try await measure("no event stream, 1 SMS/s", smsPerSecond: true)
        let open = try IdleEventStreams(count: streams, port: server.port, key: server.key)
        defer { open.close() }
        try await Task.sleep(for: .seconds(2))
        try await measure("\(open.count) idle event streams, idle", smsPerSecond: false)
        try await measure("\(open.count) idle event streams, 1 SMS/s", smsPerSecond: true)
    }

    private static func activity(_ admin: PostgresDatabase) async throws -> Activity {
        let row = try await admin.strings(
            unsafeSQL: "SELECT (xact_commit + xact_rollback)::text || ' ' || (tup_returned + tup_fetched)::text "
                + "FROM pg_stat_database WHERE datname = current_database()")
        let fields = (row.first ?? "").split(separator: " ").compactMap { Int($0) }
        guard fields.count == 2 else { throw ValidationError("pg_stat_database has no row for this database") }
        return Activity(transactions: fields[0], rowsRead: fields[1], at: .now)
    }

    // MARK: - Plumbing

    /// Runs `body` with a postgres:// URL naming a new schema (and event channel) on the server, and
    /// a connection outside it; drops the schema afterwards.
    private static func withSchema(_ url: String, _ body: (String, PostgresDatabase) async throws -> Void) async throws {
        var configuration: PostgresDatabase.Configuration
        do { configuration = try PostgresDatabase.Configuration(url: url) } catch { throw ValidationError("PARLEY_POSTGRES_URL: \(error)") }
        configuration.maximumConnections = 2
        let admin = PostgresDatabase(configuration)
        let runner = Task { await admin.run() }
        defer { runner.cancel() }
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin.execute(unsafeSQL: "CREATE SCHEMA \(schema)")
        let serveURL = url + (url.contains("?") ? "&" : "?") + "schema=\(schema)&channel=parley_events_\(schema)"
        do {
            try await body(serveURL, admin)
        } catch {
            try? await admin.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE")
            throw error
        }
        try await admin.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE")
    }

    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.map(String.init) ?? "-"
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
