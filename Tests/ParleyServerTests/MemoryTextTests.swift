import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyServer
import Testing

/// Memory text that no TMX file can hold (a control character) is refused when it is written, with
/// what to remove, instead of being kept and making every later export fail (schemathesis found an
/// entry added with U+0011 and then `GET /v1/memory/export` answering 503).
@Suite(.serialized) struct MemoryTextTests {
    typealias Fixture = OpenAPITests.Fixture

    @Test func anEntryWithAControlCharacterIsRefusedAndTheExportStillWorks() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let headers: HTTPFields = [.authorization: "Bearer \(Fixture.adminKey)", .contentType: "application/json"]
        try await fixture.app().test(.router) { client in
            let bad = #"{"source": "See you at 3.", "target": "Nos vemos a las 3.\u0011", "language": "es"}"#
            try await client.execute(uri: "/v1/memory", method: .post, headers: headers, body: ByteBuffer(string: bad)) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(body.contains("U+0011"), "the problem names the character: \(body)")
            }
            // Tabs and line breaks are text: kept.
            let fine = #"{"source": "See you at 3.", "target": "Nos vemos\ta las 3.", "language": "es"}"#
            try await client.execute(uri: "/v1/memory", method: .post, headers: headers, body: ByteBuffer(string: fine)) { response in
                #expect(response.status == .created || response.status == .ok, "\(String(buffer: response.body))")
            }
            try await client.execute(uri: "/v1/memory/export?language=es", method: .get, headers: headers) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
        }
    }
}
