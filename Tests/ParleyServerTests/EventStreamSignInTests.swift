import Foundation
import ParleyTesting
import HTTPTypes
import HummingbirdTesting
import ParleyThreads
import ParleyThreadsTesting
import Testing

@testable import ParleyServer

/// Real event streams (`curl -N` against the live server) on both stores: of many open streams
/// signed in with two keys of the same person, revoking one key ends exactly that key's streams.
@Suite(.serialized) struct EventStreamSignInTests {
    typealias Fixture = ConversationsAPITests.Fixture
    typealias Stream = TeamAPITests.Stream

    @Test(arguments: StoreKind.allCases) func revokingOneKeyEndsExactlyItsOpenStreams(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            try await fixture.app().test(.live) { client in
                let invite = try await TeamAPITests.call(
                    client, "/v1/people", .post, key: Fixture.adminKey, body: #"{"name": "Eve", "email": "eve@example.com"}"#)
                let invited = try TeamAPITests.object(invite.body)
                let first = try #require(invited["key"] as? [String: Any])
                let personID = try #require((invited["person"] as? [String: Any])?["id"] as? String)
                let issued = try await TeamAPITests.call(
                    client, "/v1/people/\(personID)/keys", .post, key: Fixture.adminKey, body: #"{"label": "Phone"}"#)
                let second = try TeamAPITests.object(issued.body)
                let (firstKey, secondKey) = (try #require(first["key"] as? String), try #require(second["key"] as? String))
                let firstID = try #require(first["id"] as? String)
                let port = try #require(client.port)
                let url = "http://127.0.0.1:\(port)/v1/events"
                let firsts = try (0..<6).map { _ in try Stream(url: url, key: firstKey) }
                let seconds = try (0..<6).map { _ in try Stream(url: url, key: secondKey) }
                defer { for stream in firsts + seconds { stream.close() } }
                for stream in firsts + seconds { #expect(try await stream.wait(within: .seconds(30)) { stream.isOpen }) }

                _ = try await TeamAPITests.call(client, "/v1/keys/\(firstID)", .delete, key: Fixture.adminKey)
                // They end by themselves (the check runs every few seconds), well before curl's own limit.
                for stream in firsts {
                    #expect(try await stream.wait(within: .seconds(60)) { !stream.process.isRunning })
                    #expect(!stream.process.isRunning && stream.process.terminationStatus == 0)
                }
                // The other key's streams stay open, though a check ran since, and the key works.
                #expect(seconds.allSatisfy { $0.process.isRunning })
                #expect(try await TeamAPITests.call(client, "/v1/conversations", key: secondKey).status == .ok)
            }
        }
    }
}
