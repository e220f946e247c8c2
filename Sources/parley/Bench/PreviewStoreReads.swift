import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ParleyHTTP
import ParleyLanguage
import ParleyMessaging
import ParleyServer
import ParleyThreads
import ParleyTranslation
import ServiceLifecycle

/// How many times a cached compose preview reads the store, for `parley bench http`: Parley's
/// service in this process on a loopback port over a new SQLite file whose reads SQLite's own
/// statement trace counts, a rep signed in with a key issued in the app, the industry's
/// translation memory in the store, and the real backend.
struct PreviewStoreReads {
    /// Reads, statements and writes of one cached preview.
    struct Count {
        var reads: Double
        var statements: Double
        var writes: Double
    }

    let apertiumURL: String
    let folder: URL

    func measure(text: String, previews: Int = 20) async throws -> Count {
        // One reader connection, so that the trace sees every read.
        let database = try ParleyDatabase(path: folder.appendingPathComponent("reads.sqlite").path, configuration: .init(maximumReaderCount: 1))
        defer { try? database.close() }
        let store = SQLiteThreadStore(database: database)
        let rep = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
        let number = try await store.assignNumber(try PhoneNumber(parsing: "+14105550100"), to: rep.id)
        let contact = try await store.createContact(
            phone: try PhoneNumber(parsing: "+525512345678"), name: "Luis", preferredLanguage: LanguageTag("es"), languageSource: .setByRep)
        let conversation = try await store.findOrCreateConversation(numberID: number.id, contactID: contact.id)
        let key = AccessKeyMaterial.generate()
        _ = try await store.createAccessKey(
            StoredAccessKey(
                digest: AccessKeyMaterial.digest(key), personID: rep.id, label: "bench", hint: AccessKeyMaterial.hint(key),
                createdAt: Date(), createdBy: "bench"))

        let client = ParleyHTTPClient()
        let pipeline = TranslationPipeline(
            backend: ApertiumBackend(baseURL: apertiumURL, client: client), detector: try LanguageDetector(),
            cache: TranslationCache(), configuration: .init(backTranslation: true))
        let services = ParleyServices(
            pipeline: pipeline, store: store, sender: LogSender(quiet: true), messagingConfiguration: Messaging.Configuration(industry: "hvac"))
        let port = try ServeProcess.freeLoopbackPort()
        var logger = Logger(label: "parley.bench.reads")
        logger.logLevel = .error
        let application = buildApplication(services, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        let group = ServiceGroup(services: [application], logger: logger)
        let running = Task { try await group.run() }
        defer { running.cancel() }

        let base = "http://127.0.0.1:\(port)"
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let response = try? await client.execute(.init(url: base + "/healthz", timeout: .seconds(2))), response.status == 200 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let body = Array(try JSONEncoder().encode(["text": text]))
        let request = ParleyHTTPClient.Request(
            method: "POST", url: base + "/v1/conversations/\(conversation.id)/preview",
            headers: [("Authorization", "Bearer \(key)"), ("Content-Type", "application/json")], body: body, timeout: .seconds(30))
        // The first translates (and fills the cache); the others are what is counted.
        let first = try await client.execute(request)
        guard first.status == 200 else { throw ValidationError("a preview in process failed (\(first.status)): \(first.text)") }
        let count = StatementCount()
        try await database.traceStatements(into: count)
        for _ in 0..<previews {
            let response = try await client.execute(request)
            guard response.status == 200 else { throw ValidationError("a preview in process failed (\(response.status)): \(response.text)") }
        }
        await group.triggerGracefulShutdown()
        _ = await running.result
        await client.shutdown()
        let n = Double(previews)
        return Count(
            reads: Double(count.readTransactions) / n, statements: Double(count.readStatements) / n, writes: Double(count.writeTransactions) / n)
    }
}
