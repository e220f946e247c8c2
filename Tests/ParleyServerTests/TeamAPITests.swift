import Foundation
import ParleyTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import Synchronization
import Testing

/// The team API on both stores: admins only (403 for reps); a new person's key is in the response
/// once and never again, and signs them in to the API and the web panel; a revoked key gets 401 at
/// once and its person's web session is gone; a rotated key stops, its replacement works; numbers
/// added, refused and reassigned with their conversations; a deactivated person's env key is
/// refused; an open event stream of a revoked key closes.
@Suite(.serialized) struct TeamAPITests {
    typealias Fixture = ConversationsAPITests.Fixture

    static func headers(_ key: String) -> HTTPFields { ConversationsAPITests.headers(key) }

    static func call(
        _ client: some TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method = .get, key: String, body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, body: String) {
        try await client.execute(uri: uri, method: method, headers: headers(key), body: body.map { ByteBuffer(string: $0) }) { response in
            (response.status, String(buffer: response.body))
        }
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    @Test(arguments: StoreKind.allCases) func repsAndTheCoreGet403OnEveryTeamRoute(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            try await fixture.app().test(.router) { client in
                let someID = UUID()
                let routes: [(HTTPRequest.Method, String, String?)] = [
                    (.get, "/v1/people", nil), (.post, "/v1/people", #"{"name": "Eve", "email": "eve@example.com"}"#),
                    (.patch, "/v1/people/\(fixture.dana.id)", #"{"role": "admin"}"#), (.get, "/v1/people/\(fixture.dana.id)/keys", nil),
                    (.post, "/v1/people/\(fixture.dana.id)/keys", "{}"), (.post, "/v1/keys/\(someID)/rotate", nil),
                    (.delete, "/v1/keys/\(someID)", nil), (.get, "/v1/core-keys", nil), (.post, "/v1/core-keys", "{}"),
                    (.get, "/v1/admin/numbers", nil), (.post, "/v1/numbers", #"{"phone": "+14105550177", "repID": "\#(fixture.dana.id)"}"#),
                    (.put, "/v1/numbers/\(fixture.robNumber.id)/rep", #"{"repID": "\#(fixture.dana.id)"}"#),
                ]
                for (method, uri, body) in routes {
                    let answer = try await Self.call(client, uri, method, key: Fixture.danaKey, body: body)
                    #expect(answer.status == .forbidden, "\(method) \(uri): \(answer.status) \(answer.body)")
                    #expect(answer.body.contains("Only an admin"), "\(answer.body)")
                }
                #expect(try await fixture.store.rep(id: fixture.dana.id).role == .rep)
                #expect(try await fixture.store.businessNumber(id: fixture.robNumber.id).repID == fixture.rob.id)
                #expect(try await fixture.store.rep(email: "eve@example.com") == nil)
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func aNewKeyIsShownOnceSignsInAndStopsAtOnceWhenRevoked(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            try await fixture.app().test(.router) { client in
                let invite = try await Self.call(
                    client, "/v1/people", .post, key: Fixture.adminKey, body: #"{"name": "Eve Park", "email": "Eve@Example.com", "role": "rep"}"#)
                #expect(invite.status == .created, "\(invite.body)")
                let invited = try Self.object(invite.body)
                let person = try #require(invited["person"] as? [String: Any])
                let issued = try #require(invited["key"] as? [String: Any])
                let key = try #require(issued["key"] as? String)
                let keyID = try #require(issued["id"] as? String)
                let personID = try #require(person["id"] as? String)
                #expect(key.hasPrefix("pk_") && key.count >= 16)
                #expect(person["email"] as? String == "eve@example.com")
                #expect(person["active"] as? Bool == true)

                // Never again: not in the listings.
                for uri in ["/v1/people", "/v1/people/\(personID)/keys"] {
                    let listed = try await Self.call(client, uri, key: Fixture.adminKey)
                    #expect(listed.status == .ok)
                    #expect(!listed.body.contains(key) && !listed.body.contains(String(key.dropFirst(3).prefix(20))))
                    #expect(listed.body.contains(String(key.suffix(4))))
                }
                let duplicate = try await Self.call(
                    client, "/v1/people", .post, key: Fixture.adminKey, body: #"{"name": "Eve", "email": "EVE@example.com"}"#)
                #expect(duplicate.status == .conflict)
                let badEmail = try await Self.call(client, "/v1/people", .post, key: Fixture.adminKey, body: #"{"name": "Eve", "email": "eve"}"#)
                #expect(badEmail.status == .badRequest)

                // The key works on the API and in the web panel.
                #expect(try await Self.call(client, "/v1/conversations", key: key).status == .ok)
                let browser = try await WebTests.signIn(client, email: "eve@example.com", key: key)
                #expect(try await WebTests.send(client, "/conversations", headers: browser.headers).status == .ok)
                // Not with someone else's email.
                #expect(try await WebTests.postSignIn(client, email: "dana@example.com", key: key).status == .unauthorized)

                // Revoked: 401 at once, and the web session is gone.
                let revoked = try await Self.call(client, "/v1/keys/\(keyID)", .delete, key: Fixture.adminKey)
                #expect(revoked.status == .ok)
                #expect(try Self.object(revoked.body)["active"] as? Bool == false)
                let refused = try await Self.call(client, "/v1/conversations", key: key)
                #expect(refused.status == .unauthorized)
                let page = try await WebTests.send(client, "/conversations", headers: browser.headers)
                #expect(page.status == .seeOther && page.headers[.location] == "/sign-in", "\(page.status)")
                #expect(try await WebTests.postSignIn(client, email: "eve@example.com", key: key).status == .unauthorized)

                // A new key, rotated: the old one stops, the new one works, each shown once.
                let second = try await Self.call(client, "/v1/people/\(personID)/keys", .post, key: Fixture.adminKey, body: #"{"label": "Phone"}"#)
                #expect(second.status == .created)
                let secondKey = try Self.object(second.body)
                #expect(secondKey["label"] as? String == "Phone")
                let secondID = try #require(secondKey["id"] as? String)
                let rotated = try await Self.call(client, "/v1/keys/\(secondID)/rotate", .post, key: Fixture.adminKey)
                #expect(rotated.status == .created)
                let newKey = try #require(try Self.object(rotated.body)["key"] as? String)
                #expect(try await Self.call(client, "/v1/conversations", key: try #require(secondKey["key"] as? String)).status == .unauthorized)
                #expect(try await Self.call(client, "/v1/conversations", key: newKey).status == .ok)
                #expect(try await Self.call(client, "/v1/keys/\(secondID)/rotate", .post, key: Fixture.adminKey).status == .conflict)
                #expect(try await Self.call(client, "/v1/keys/\(UUID())", .delete, key: Fixture.adminKey).status == .notFound)

                // The messaging core's key.
                let core = try await Self.call(client, "/v1/core-keys", .post, key: Fixture.adminKey)
                #expect(core.status == .created)
                let coreKey = try #require(try Self.object(core.body)["key"] as? String)
                #expect(try await Self.call(client, "/v1/conversations?rep=\(fixture.dana.id)", key: coreKey).status == .ok)
                let coreList = try await Self.call(client, "/v1/core-keys", key: Fixture.adminKey)
                #expect(coreList.body.contains(String(coreKey.suffix(4))) && !coreList.body.contains(coreKey))
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func numbersAreAddedAndReassignedWithTheirConversations(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let contact = try await fixture.store.findOrCreateContact(phone: try PhoneNumber(parsing: "+52 55 1234 5678"))
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            try await fixture.app().test(.router) { client in
                let bad = try await Self.call(
                    client, "/v1/numbers", .post, key: Fixture.adminKey, body: #"{"phone": "410 555", "repID": "\#(fixture.dana.id)"}"#)
                #expect(bad.status == .badRequest)
                #expect(bad.body.contains("410 555"))
                let taken = try await Self.call(
                    client, "/v1/numbers", .post, key: Fixture.adminKey, body: #"{"phone": "+1 410 555 0100", "repID": "\#(fixture.rob.id)"}"#)
                #expect(taken.status == .conflict)
                let added = try await Self.call(
                    client, "/v1/numbers", .post, key: Fixture.adminKey, body: #"{"phone": "+1 410 555 0300", "repID": "\#(fixture.dana.id)"}"#)
                #expect(added.status == .created)
                #expect(try Self.object(added.body)["phone"] as? String == "+14105550300")
                let all = try await Self.call(client, "/v1/admin/numbers", key: Fixture.adminKey)
                let numbers = try #require(try Self.object(all.body)["numbers"] as? [[String: Any]])
                #expect(numbers.map { $0["phone"] as? String } == ["+14105550100", "+14105550200", "+14105550300"])
                #expect(numbers.map { ($0["rep"] as? [String: Any])?["name"] as? String } == ["Dana", "Rob", "Dana"])
                // Reps keep their own GET /v1/numbers.
                let own = try await Self.call(client, "/v1/numbers", key: Fixture.danaKey)
                #expect(own.body.contains("+14105550300") && !own.body.contains("+14105550200"))

                // Dana holds numbers: no deactivation until they are reassigned.
                let held = try await Self.call(client, "/v1/people/\(fixture.dana.id)", .patch, key: Fixture.adminKey, body: #"{"active": false}"#)
                #expect(held.status == .conflict)
                #expect(held.body.contains("Reassign Dana's 2 numbers first"), "\(held.body)")
                #expect(try await Self.call(client, "/v1/conversations/\(conversation.id)/messages", key: Fixture.danaKey).status == .ok)
                let moved = try await Self.call(
                    client, "/v1/numbers/\(fixture.danaNumber.id)/rep", .put, key: Fixture.adminKey, body: #"{"repID": "\#(fixture.rob.id)"}"#)
                #expect(moved.status == .ok)
                #expect(try Self.object(moved.body)["repID"] as? String == fixture.rob.id.uuidString)
                // The conversation followed its number.
                #expect(try await Self.call(client, "/v1/conversations/\(conversation.id)/messages", key: Fixture.danaKey).status != .ok)
                #expect(try await Self.call(client, "/v1/conversations/\(conversation.id)/messages", key: Fixture.robKey).status == .ok)
                let robs = try await Self.call(client, "/v1/conversations", key: Fixture.robKey)
                #expect(robs.body.contains(conversation.id.uuidString))

                let third = try #require(numbers.last?["id"] as? String)
                _ = try await Self.call(client, "/v1/numbers/\(third)/rep", .put, key: Fixture.adminKey, body: #"{"repID": "\#(fixture.rob.id)"}"#)
                let gone = try await Self.call(client, "/v1/people/\(fixture.dana.id)", .patch, key: Fixture.adminKey, body: #"{"active": false}"#)
                #expect(gone.status == .ok, "\(gone.body)")
                #expect(try Self.object(gone.body)["active"] as? Bool == false)
                // Dana's PARLEY_API_KEYS key is refused now: env keys follow the person.
                #expect(try await Self.call(client, "/v1/conversations", key: Fixture.danaKey).status == .unauthorized)
                let toDana = try await Self.call(
                    client, "/v1/numbers/\(third)/rep", .put, key: Fixture.adminKey, body: #"{"repID": "\#(fixture.dana.id)"}"#)
                #expect(toDana.status == .conflict)
                let back = try await Self.call(client, "/v1/people/\(fixture.dana.id)", .patch, key: Fixture.adminKey, body: #"{"active": true}"#)
                #expect(back.status == .ok)
                #expect(try await Self.call(client, "/v1/conversations", key: Fixture.danaKey).status == .ok)
                // The last admin stays one.
                let ana = try #require(try await fixture.store.rep(email: "ana@example.com"))
                let demote = try await Self.call(client, "/v1/people/\(ana.id)", .patch, key: Fixture.adminKey, body: #"{"role": "rep"}"#)
                #expect(demote.status == .conflict)
            }
        }
    }

    /// Reads `curl -N` of an event stream until it ends.
    final class Stream: @unchecked Sendable {
        final class Received: Sendable { let text = Mutex("") }
        let process: ChildProcess
        let received = Received()

        init(url: String, key: String) throws {
            process = ChildProcess()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-sN", "--max-time", "120", "-H", "Authorization: Bearer \(key)", url]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            pipe.fileHandleForReading.readabilityHandler = { [received] handle in
                let data = handle.availableData
                guard !data.isEmpty else { handle.readabilityHandler = nil; return }
                received.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        func wait(within timeout: Duration, for condition: () -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if condition() { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return condition()
        }

        var isOpen: Bool { received.text.withLock { $0.hasPrefix("retry:") } }

        func close() { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    }

    @Test(arguments: StoreKind.allCases) func anOpenEventStreamOfARevokedKeyCloses(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            try await fixture.app().test(.live) { client in
                let invite = try await Self.call(
                    client, "/v1/people", .post, key: Fixture.adminKey, body: #"{"name": "Eve", "email": "eve@example.com"}"#)
                let issued = try #require(try Self.object(invite.body)["key"] as? [String: Any])
                let key = try #require(issued["key"] as? String)
                let port = try #require(client.port)
                let stream = try Stream(url: "http://127.0.0.1:\(port)/v1/events", key: key)
                let dana = try Stream(url: "http://127.0.0.1:\(port)/v1/events", key: Fixture.danaKey)
                defer { stream.close(); dana.close() }
                #expect(try await stream.wait(within: .seconds(20)) { stream.isOpen })
                #expect(try await dana.wait(within: .seconds(20)) { dana.isOpen })
                #expect(stream.process.isRunning)
                _ = try await Self.call(client, "/v1/keys/\(try #require(issued["id"] as? String))", .delete, key: Fixture.adminKey)
                // It ends by itself (the check runs every few seconds), well before curl's own limit.
                #expect(try await stream.wait(within: .seconds(60)) { !stream.process.isRunning })
                #expect(!stream.process.isRunning && stream.process.terminationStatus == 0)
                // Another person's stream stays open.
                #expect(dana.process.isRunning)
            }
        }
    }

    /// An admin's stream sees every rep's conversations: made a rep, the stream ends, so it can no
    /// longer show other reps' threads.
    @Test(arguments: StoreKind.allCases) func anOpenEventStreamOfADemotedAdminCloses(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            try await fixture.app().test(.live) { client in
                let invite = try await Self.call(
                    client, "/v1/people", .post, key: Fixture.adminKey, body: #"{"name": "Ada", "email": "ada@example.com", "role": "admin"}"#)
                let body = try Self.object(invite.body)
                let key = try #require((body["key"] as? [String: Any])?["key"] as? String)
                let person = try #require((body["person"] as? [String: Any])?["id"] as? String)
                let port = try #require(client.port)
                let stream = try Stream(url: "http://127.0.0.1:\(port)/v1/events", key: key)
                defer { stream.close() }
                #expect(try await stream.wait(within: .seconds(20)) { stream.isOpen })
                let demoted = try await Self.call(client, "/v1/people/\(person)", .patch, key: Fixture.adminKey, body: #"{"role": "rep"}"#)
                #expect(demoted.status == .ok)
                #expect(try await stream.wait(within: .seconds(60)) { !stream.process.isRunning })
                // The key still works, as a rep's.
                #expect(try await Self.call(client, "/v1/conversations", .get, key: key).status == .ok)
            }
        }
    }
}
