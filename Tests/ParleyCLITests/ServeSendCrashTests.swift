import Foundation
import ParleyHTTP
import ParleyLanguage
import ParleyTesting
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `parley serve` killed with SIGKILL while the SMS provider holds a reply it has not answered:
/// the reply was stored with its send job, so the restarted server sends it, exactly once.
@Suite(.serialized) struct ServeSendCrashTests {
    static let accountSID = "AC0123456789abcdef0123456789abcdef"
    static let repKey = "dana-send-crash-key-0123456789"

    /// A provider that never answers its first request (the process is killed while it waits) and
    /// takes every later one, counting what it took.
    final class Provider: Sendable {
        private let state = Mutex<(calls: Int, taken: [String])>((0, []))
        var taken: [String] { state.withLock { $0.taken } }
        var calls: Int { state.withLock { $0.calls } }

        func reply(_ request: FakeHTTPServer.Request) -> FakeHTTPServer.Reply {
            let body = request.form["Body"]?.first ?? ""
            let call = state.withLock { state -> Int in
                state.calls += 1
                if state.calls > 1 { state.taken.append(body) }
                return state.calls
            }
            // The first: held until long after the kill, then dropped without an answer.
            if call == 1 { return .delay(.seconds(30), .reset) }
            return .json(201, ["sid": "SMtaken\(call)", "status": "queued", "body": body])
        }
    }

    @Test(arguments: StoreKind.allCases) func aReplyStoredBeforeTheProvidersAnswerIsSentOnceAfterKill9(_ kind: StoreKind) async throws {
        let apertium = try TranslateCommandTests.apertiumURL()
        try await withTestDatabase(kind) { database in
            let seeding = try await database.threadStore()
            let rep = try await seeding.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            let number = try await seeding.assignNumber(try PhoneNumber(parsing: "+14105550100"), to: rep.id)
            let contact = try await seeding.createContact(
                phone: try PhoneNumber(parsing: "+525512345678"), name: "Rosa", preferredLanguage: LanguageTag("es"), languageSource: .setByRep)
            let conversation = try await seeding.findOrCreateConversation(numberID: number.id, contactID: contact.id)
            if let seeding = seeding as? SQLiteThreadStore { try seeding.database.close() }

            let provider = Provider()
            let twilio = try FakeHTTPServer { provider.reply($0) }
            defer { twilio.stop() }
            let environment = [
                "PARLEY_API_KEYS": "rep:dana@example.com=\(Self.repKey)",
                "PARLEY_TWILIO_ACCOUNT_SID": Self.accountSID, "PARLEY_TWILIO_AUTH_TOKEN": "fake-twilio-auth-token-0123456789",
                "PARLEY_TWILIO_BASE_URL": twilio.baseURL,
                // A short lease, so the restarted server may take the dead one's job over soon.
                "PARLEY_JOBS_LEASE_SECONDS": "2",
            ]
            let client = ParleyHTTPClient(configuration: .init(connectTimeout: .seconds(2), timeout: .seconds(60)))
            let server = try ServerProcess(database: database.serveArgument, apertium: apertium, environment: environment)
            defer { server.stop() }
            try await server.waitUntilHealthy(client: client)

            // The rep sends; the server stores the reply and its job, then waits on the provider.
            let url = "http://127.0.0.1:\(server.port)/v1/conversations/\(conversation.id)/messages"
            let send = Task {
                _ = try? await client.execute(ParleyHTTPClient.Request(
                    method: "POST", url: url,
                    headers: [("Authorization", "Bearer \(Self.repKey)"), ("Content-Type", "application/json")],
                    body: Array(#"{"text": "Your technician is on the way."}"#.utf8)))
            }
            for _ in 0..<600 where provider.calls == 0 { try await Task.sleep(for: .milliseconds(50)) }
            try #require(provider.calls == 1, "the provider was never called: \(server.log)")
            server.kill()
            _ = await send.value
            #expect(provider.taken.isEmpty)

            let afterKill = try await database.threadStore()
            let stored = try await afterKill.messages(conversationID: conversation.id, afterSequence: 0, limit: 10)
            let reply = try #require(stored.first { $0.direction == .outbound })
            #expect(reply.deliveryStatus == .queued)
            #expect(try await afterKill.jobs(subjectID: reply.id).map(\.state) == [.running])
            if let afterKill = afterKill as? SQLiteThreadStore { try afterKill.database.close() }

            let restarted = try ServerProcess(database: database.serveArgument, apertium: apertium, environment: environment)
            defer { restarted.stop() }
            try await restarted.waitUntilHealthy(client: client)
            let store = try await database.threadStore()
            var sent = try await store.message(id: reply.id)
            for _ in 0..<600 where sent.deliveryStatus == .queued {
                try await Task.sleep(for: .milliseconds(50))
                sent = try await store.message(id: reply.id)
            }
            #expect(sent.deliveryStatus == .sent, "\(restarted.log)")
            #expect(provider.taken == [reply.sentText ?? ""])
            #expect(sent.providerMessageID == "SMtaken2")
            // The job is completed in its own transaction just after the status is stored.
            var states = try await store.jobs(subjectID: reply.id).map(\.state)
            for _ in 0..<600 where states != [.done] {
                try await Task.sleep(for: .milliseconds(50))
                states = try await store.jobs(subjectID: reply.id).map(\.state)
            }
            #expect(states == [.done])
            restarted.terminate()
            #expect(try await restarted.waitForExit() == 0, "\(restarted.log)")
            #expect(provider.taken.count == 1)
        }
    }
}
