import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyServer
import ParleyThreads
import Testing

/// A listing's `limit` and `after` are whole numbers in the range the description gives, or 400:
/// never read as the default (`?limit=abc`), clamped (`?limit=1001`) or taken from the first of two
/// (`?limit=1&limit=x`). `before` is an RFC 3339 time, with or without fractions of a second.
@Suite(.serialized) struct ListingQueryTests {
    typealias Fixture = OpenAPITests.Fixture

    static func status(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(Fixture.adminKey)"]) { response in
            (response.status, String(buffer: response.body))
        }
    }

    @Test func aLimitThatIsNotAWholeNumberInRangeIsRefusedWithTheRange() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let conversation = UUID()
        try await fixture.app().test(.router) { client in
            let listings = [
                ("/v1/conversations?", 200), ("/v1/leads?", 200), ("/v1/memory?", 1_000), ("/v1/memory/history?", 1_000),
            ]
            for (listing, maximum) in listings {
                let fine = try await Self.status(client, listing + "limit=\(maximum)")
                #expect(fine.0 == .ok, "\(listing)limit=\(maximum): \(fine.1)")
                for bad in ["abc", "0", "\(maximum + 1)", "-1", "1.5", "", "1&limit=2", "99999999999999999999999"] {
                    let answer = try await Self.status(client, listing + "limit=\(bad)")
                    #expect(answer.0 == .badRequest, "\(listing)limit=\(bad) answered \(answer.0): \(answer.1)")
                    #expect(answer.1.contains("limit"), "the problem names the parameter: \(answer.1)")
                }
            }
            let tooMany = try await Self.status(client, "/v1/conversations?limit=201")
            #expect(tooMany.1.contains("from 1 to 200"), "the problem gives the range: \(tooMany.1)")
            // A conversation's messages: after and limit, checked before the conversation is looked up.
            for bad in ["after=-1", "after=x", "limit=501", "after=1&after=2"] {
                let answer = try await Self.status(client, "/v1/conversations/\(conversation)/messages?\(bad)")
                #expect(answer.0 == .badRequest, "messages?\(bad) answered \(answer.0): \(answer.1)")
            }
        }
    }

    @Test func beforeTakesRFC3339TimesWithOrWithoutFractions() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let dana = fixture.danaNumber.repID
        try await fixture.app().test(.router) { client in
            for time in ["2026-11-24T10:00:00Z", "2026-11-24T10:00:00.154Z", "2476-03-11T15:09:36.154Z"] {
                let answer = try await Self.status(client, "/v1/conversations?rep=\(dana)&before=\(time)")
                #expect(answer.0 == .ok, "before=\(time): \(answer.1)")
            }
            let invalid = try await Self.status(client, "/v1/conversations?rep=\(dana)&before=yesterday")
            #expect(invalid.0 == .badRequest)
        }
    }
}
