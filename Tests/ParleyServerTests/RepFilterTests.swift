import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyServer
import ParleyThreads
import Testing

/// `?rep=` is one rule on every listing that takes it (`/v1/numbers`, `/v1/conversations`,
/// `/v1/leads`; ``ThreadAccess/listedRep(_:)``): admins and the core get the rep they name, a 404
/// "No such rep" for an id that names no one (never an empty list that reads as a rep with
/// nothing), and a rep gets their own, 403 for another's.
@Suite(.serialized) struct RepFilterTests {
    typealias Fixture = OpenAPITests.Fixture
    static let listings = ["/v1/numbers", "/v1/conversations", "/v1/leads"]

    struct Answer {
        var status: HTTPResponse.Status
        var body: String
        var title: String? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["title"] as? String
        }
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, key: String) async throws -> Answer {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(key)"]) { response in
            Answer(status: response.status, body: String(buffer: response.body))
        }
    }

    @Test func anUnknownRepIsNotFoundOnEveryListingForAdminsAndTheCore() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let nobody = UUID()
        try await fixture.app().test(.router) { client in
            for listing in Self.listings {
                for key in [Fixture.adminKey, Fixture.coreKey] {
                    let answer = try await Self.get(client, "\(listing)?rep=\(nobody)", key: key)
                    #expect(answer.status == .notFound, "\(listing) for an unknown rep: \(answer.body)")
                    #expect(answer.title == "No such rep", "\(listing): \(answer.body)")
                    #expect(answer.body.contains(nobody.uuidString), "the detail names the id: \(answer.body)")
                    // Not an id at all: 400, as before.
                    let invalid = try await Self.get(client, "\(listing)?rep=0", key: key)
                    #expect(invalid.status == .badRequest, "\(listing)?rep=0: \(invalid.body)")
                }
            }
        }
    }

    @Test func aKnownRepIsListedForAdminsAndTheCore() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let dana = fixture.danaNumber.repID
        let ana = try #require(try await fixture.store.rep(email: "ana@example.com"))
        try await fixture.app().test(.router) { client in
            for key in [Fixture.adminKey, Fixture.coreKey] {
                for listing in Self.listings {
                    let answer = try await Self.get(client, "\(listing)?rep=\(dana)", key: key)
                    #expect(answer.status == .ok, "\(listing)?rep=Dana: \(answer.body)")
                }
                let danas = try await Self.get(client, "/v1/numbers?rep=\(dana)", key: key)
                #expect(danas.body.contains(fixture.danaNumber.id.uuidString))
                // A person with no numbers is someone with nothing: an empty list, not a 404.
                let anas = try await Self.get(client, "/v1/numbers?rep=\(ana.id)", key: key)
                #expect(anas.status == .ok)
                #expect(anas.body == "[]", "Ana has no numbers: \(anas.body)")
            }
        }
    }

    @Test func aRepGetsTheirOwnAndIsRefusedAnothersOnEveryListing() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let dana = fixture.danaNumber.repID
        let ana = try #require(try await fixture.store.rep(email: "ana@example.com"))
        try await fixture.app().test(.router) { client in
            for listing in Self.listings {
                let own = try await Self.get(client, "\(listing)?rep=\(dana)", key: Fixture.repKey)
                #expect(own.status == .ok, "\(listing) for Dana herself: \(own.body)")
                let unasked = try await Self.get(client, listing, key: Fixture.repKey)
                #expect(unasked.status == .ok, "\(listing) without rep: \(unasked.body)")
                // Another person's id, or one that names no one: refused alike, so a rep learns nothing.
                for other in [ana.id, UUID()] {
                    let answer = try await Self.get(client, "\(listing)?rep=\(other)", key: Fixture.repKey)
                    #expect(answer.status == .forbidden, "\(listing) for another rep: \(answer.body)")
                }
            }
        }
    }
}
