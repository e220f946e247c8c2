import ArgumentParser
import Foundation
import ParleyHTTP
import ParleyThreads

/// `parley bench ingest`: distinct inbound webhooks acknowledged per second on SQLite, beside the
/// floor this disk sets in the same run (issue 20).
///
/// 1. The yardstick: one-row transactions per second in SQLite WAL on the temporary directory's
///    disk, through GRDB, with `synchronous=FULL` and with `NORMAL` (the stores' setting).
/// 2. The store alone, in process: `clients` tasks receiving distinct messages, first as the
///    messaging core did before group commit (a read and three transactions each), then through
///    `receiveInbound` (shared transactions); messages per second and commits per message.
/// 3. `parley serve` on SQLite with the real APy (its job worker translating meanwhile): `webhooks`
///    distinct webhooks, `clients` in flight; acknowledged per second, p50/p99/max, the ratio to
///    the yardstick, and a check that every acknowledged webhook is stored exactly once.
struct IngestBench {
    let apertiumURL: String
    let glossaries: String
    var webhooks = 2_000
    var clients = 16

    static let business = "+14105550100"

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory
        print("ingest: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(ReplicaBench.loadAverage()); "
            + "\(webhooks) distinct webhooks, \(clients) in flight, on \(directory.path)")

        // 1. The floor.
        var floor: [SQLiteYardstick.Synchronous: Double] = [:]
        for (synchronous, count) in [(SQLiteYardstick.Synchronous.full, 2_000), (.normal, 20_000)] {
            let elapsed = try await SQLiteYardstick.oneRowTransactions(count: count, synchronous: synchronous, directory: directory)
            floor[synchronous] = Double(count) / Self.seconds(elapsed)
            print("ingest: yardstick: one-row transactions in SQLite WAL (GRDB), synchronous=\(synchronous.rawValue): "
                + "\(Int(floor[synchronous]!)) /s")
        }

        // 2. The store alone.
        for grouped in [false, true] {
            let (rate, commits) = try await inProcess(grouped: grouped, directory: directory)
            print("ingest: in process, store only, \(grouped ? "receiveInbound (group commit)" : "read + 3 transactions (before)"): "
                + "\(Int(rate)) messages/s, \(String(format: "%.2f", commits)) commits per message")
        }

        // 3. The server.
        let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))
        let server = try ServeProcess(apertiumURL: apertiumURL, glossaries: glossaries, industry: "hvac")
        defer { server.stop() }
        try await server.waitUntilHealthy(client: client)
        let burst = await WebhookBench.burst(
            prefix: "SMingest", at: [server.baseURL], concurrency: clients, webhooks: webhooks, client: client,
            contactPrefix: "+5257", problem: "el termostato no responde")
        let rate = Double(burst.acknowledged) / Self.seconds(burst.elapsed)
        print("ingest: parley serve, SQLite, Apertium translating meanwhile: \(burst.report)")
        print("ingest: ratio to the yardstick: \(String(format: "%.3f", rate / floor[.normal]!)) of NORMAL (the store's setting), "
            + "\(String(format: "%.3f", rate / floor[.full]!)) of FULL")
        server.stop()
        let store = SQLiteThreadStore(database: try ParleyDatabase(path: server.database.path))
        let counts = try await WebhookBench.storedCounts(store, prefix: "SMingest")
        let once = counts.values.filter { $0 == 1 }.count
        print("ingest: stored: \(counts.count) distinct of \(burst.acknowledged) acknowledged, \(once) exactly once"
            + (once >= burst.acknowledged && counts.count == once ? " (every acknowledged webhook once)" : " (MISMATCH)"))
        try store.database.close()
    }

    /// `clients` tasks each receiving its share of `webhooks` distinct messages on a new file;
    /// messages per second and commits per message.
    private func inProcess(grouped: Bool, directory: URL) async throws -> (Double, Double) {
        let path = directory.appendingPathComponent("parley-bench-ingest-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try ParleyDatabase(path: path)
        defer { try? database.close() }
        let store = SQLiteThreadStore(database: database)
        let rep = try await store.createRep(name: "Bench", email: "bench@example.com", role: .rep)
        let business = try PhoneNumber(parsing: Self.business)
        _ = try await store.assignNumber(business, to: rep.id)
        let counter = try await CommitCounter(database)
        let total = webhooks
        let clients = clients
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    for index in stride(from: client, to: total, by: clients) {
                        let delivery = InboundDelivery(
                            from: try PhoneNumber(parsing: "+5258" + String(format: "%08d", index)), to: business,
                            text: "Hola, soy el cliente \(index). ¿Pueden venir mañana?", providerMessageID: "SMproc\(index)")
                        if grouped {
                            _ = try await store.receiveInbound(delivery)
                        } else {
                            // As Messaging.receive did before: a read and three transactions.
                            guard let number = try await store.businessNumber(phone: delivery.to) else { throw ValidationError("no number") }
                            let contact = try await store.findOrCreateContact(phone: delivery.from)
                            let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
                            _ = try await store.appendInbound(
                                InboundMessageDraft(conversationID: conversation.id, text: delivery.text, providerMessageID: delivery.providerMessageID))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        return (Double(total) / Self.seconds(elapsed), Double(counter.commits) / Double(total))
    }

    static func seconds(_ duration: Duration) -> Double {
        max(1e-9, Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
