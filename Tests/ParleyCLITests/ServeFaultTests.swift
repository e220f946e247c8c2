import Foundation
import ParleyHTTP
import ParleyTesting
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Testing

/// `parley serve` as a process, its backend settings from the environment, with the real APy
/// behind the fault proxy: while the backend is stopped an inbound webhook is acknowledged and its
/// message stored pending, and the rep's send is refused with a 503 problem; once the backend is
/// back, the worker the service runs translates the message and the next send goes out.
@Suite struct ServeFaultTests {
    static let repKey = "dana-key-0123456789abcdef"

    @Test func theServiceRidesOutAStoppedBackend() async throws {
        let apertium = try TranslateCommandTests.apertiumURL()
        try await withTestDatabase(.sqlite) { database in
            let seeding = try await database.threadStore()
            let rep = try await seeding.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            _ = try await seeding.assignNumber(try PhoneNumber(parsing: ServeCrashTests.businessNumber), to: rep.id)
            if let seeding = seeding as? SQLiteThreadStore { try seeding.database.close() }

            let proxy = try FaultProxy(upstream: apertium)
            defer { proxy.stop() }
            try proxy.set(.refuse)
            let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(30)))
            // One try per call and a pass every 2 s, so the default circuit breaker (5 failures in
            // a row, then 30 s open) stays closed while the backend is down, and the worker comes
            // round soon after it is back.
            let server = try ServerProcess(
                database: database.serveArgument, apertium: proxy.baseURL,
                environment: [
                    "PARLEY_BACKEND_TIMEOUT_MS": "1000", "PARLEY_BACKEND_RETRIES": "1", "PARLEY_PENDING_INTERVAL_SECONDS": "2",
                    "PARLEY_API_KEYS": "rep:dana@example.com=\(Self.repKey)",
                ])
            defer { server.stop() }
            try await server.waitUntilHealthy(client: client)
            #expect(try await Self.json(client, "GET", "/healthz", port: server.port).object["backendHealthy"] as? Bool == false)

            // The contact writes while the backend is stopped: acknowledged, stored, pending.
            let text = "Hola, el aire acondicionado no enfría. ¿Pueden venir mañana temprano?"
            let webhook = ServeCrashTests.Webhook(sid: "SM" + String(format: "%032x", 0x5E4E_FA17), from: ServeCrashTests.contacts[0], text: text)
            let ack = try await client.execute(ParleyHTTPClient.Request(
                method: "POST", url: "http://127.0.0.1:\(server.port)/webhooks/twilio/inbound",
                headers: [("Content-Type", "application/x-www-form-urlencoded")], body: webhook.form))
            #expect(ack.status == 200, "\(server.log)")
            let conversations = try await Self.json(client, "GET", "/v1/conversations", port: server.port).array
            let conversation = try #require(conversations.first?["conversation"] as? [String: Any])
            let id = try #require(conversation["id"] as? String)
            // The service's worker tries it soon after it is stored (a pass on a busy machine may take a while).
            var pending: [String: Any] = [:]
            for _ in 0..<150 {
                pending = try #require(try await Self.json(client, "GET", "/v1/conversations/\(id)/messages", port: server.port).array.first)
                if pending["translationError"] as? String != nil { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(pending["original"] as? String == text)
            #expect(pending["translationStatus"] as? String == "pending")
            // Why, in the rep's words: no host, port or error kind.
            #expect(pending["translationError"] as? String == "Translation pending. The translation service did not answer.")

            // The rep's reply is refused, clearly, and nothing is stored.
            let reply = ["text": "A technician can come tomorrow at 8 AM."]
            let refused = try await Self.json(client, "POST", "/v1/conversations/\(id)/messages", port: server.port, body: reply)
            #expect(refused.status == 503)
            #expect(refused.object["title"] as? String == "Translation service unavailable")
            #expect((refused.object["detail"] as? String)?.contains("Nothing was sent") == true)

            // The backend is back: the service's worker translates the message within a pass or two.
            try proxy.set(.passThrough)
            var translated: [String: Any]?
            for _ in 0..<75 where translated == nil {
                try await Task.sleep(for: .milliseconds(200))
                let message = try await Self.json(client, "GET", "/v1/conversations/\(id)/messages", port: server.port).array.first
                if message?["translationStatus"] as? String == "translated" { translated = message }
            }
            let message = try #require(translated, "the worker never translated the message: \(server.log)")
            #expect(message["shownText"] as? String != text)
            let sent = try await Self.json(client, "POST", "/v1/conversations/\(id)/messages", port: server.port, body: reply)
            #expect(sent.status == 201, "\(sent.object)")
            #expect(try await Self.json(client, "GET", "/healthz", port: server.port).object["backendHealthy"] as? Bool == true)

            server.terminate()
            #expect(try await server.waitForExit() == 0, "\(server.log)")
        }
    }

    /// A JSON request with Dana's key, and its answer.
    static func json(
        _ client: ParleyHTTPClient, _ method: String, _ path: String, port: Int, body: [String: String]? = nil
    ) async throws -> (status: Int, object: [String: Any], array: [[String: Any]]) {
        var headers = [(name: "Authorization", value: "Bearer \(repKey)")]
        var bytes: [UInt8] = []
        if let body {
            headers.append(("Content-Type", "application/json"))
            bytes = Array(try JSONSerialization.data(withJSONObject: body))
        }
        let response = try await client.execute(
            ParleyHTTPClient.Request(method: method, url: "http://127.0.0.1:\(port)\(path)", headers: headers, body: bytes))
        let value = try? JSONSerialization.jsonObject(with: Data(response.body))
        return (response.status, value as? [String: Any] ?? [:], value as? [[String: Any]] ?? [])
    }
}
