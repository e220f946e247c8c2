import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyServer
import ParleyThreads
import Testing

/// The translation memory over HTTP: a TMX file translate-toolkit wrote imports as approved entries
/// the next preview uses; its export imports again (replace); reps get 403 on the admins' routes; a
/// rep flags a reply and an admin approves it.
@Suite(.serialized) struct MemoryAPITests {
    typealias Fixture = OpenAPITests.Fixture
    static let po2tmx = OpenAPITests.root.appendingPathComponent("Tests/ParleyGlossaryTests/Fixtures/sms-replies.tmx")

    static func headers(_ key: String?, contentType: String = "application/json") -> HTTPFields {
        GlossaryAPITests.headers(key, contentType: contentType)
    }

    static func json(_ buffer: ByteBuffer) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8))
    }

    @Test func anImportedTMXServesThePreviewAndItsExportImportsAgain() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let file = try Data(contentsOf: Self.po2tmx)
        try await fixture.app().test(.router) { client in
            try await client.execute(
                uri: "/v1/memory/import", method: .post, headers: Self.headers(Fixture.repKey, contentType: "application/x-tmx+xml"),
                body: ByteBuffer(bytes: file)
            ) { response in
                #expect(response.status == .forbidden)
            }
            let (imported, toReview) = try await client.execute(
                uri: "/v1/memory/import?mode=merge&name=sms-replies.tmx", method: .post,
                headers: Self.headers(Fixture.adminKey, contentType: "application/x-tmx+xml"), body: ByteBuffer(bytes: file)
            ) { response in
                #expect(response.status == .ok)
                let report = try #require(try Self.json(response.body) as? [String: Any])
                #expect((report["refused"] as? [Any])?.isEmpty == true, "\(report)")
                return (try #require(report["added"] as? Int), try #require(report["toReview"] as? Int))
            }
            // Every unit is kept; those whose wording lacks the HVAC glossary's terms wait for review.
            #expect(imported == 10)
            #expect(toReview > 0 && toReview < imported)
            let added = imported - toReview
            let queue = try await fixture.store.memoryEntries(industry: "hvac", status: .proposed, limit: 100)
            #expect(queue.count == toReview)
            #expect(queue.allSatisfy { $0.note?.hasPrefix("Disagrees with the glossary") == true })

            try await client.execute(
                uri: "/v1/preview", method: .post, headers: Self.headers(Fixture.repKey),
                body: ByteBuffer(string: #"{"text": "Your appointment is confirmed for Tuesday at 11 AM.", "language": "es"}"#)
            ) { response in
                #expect(response.status == .ok)
                let body = try #require(try Self.json(response.body) as? [String: Any])
                #expect(body["text"] as? String == "Su cita está confirmada para el martes a las 11 a. m.")
            }

            try await client.execute(uri: "/v1/memory?status=approved", method: .get, headers: Self.headers(Fixture.repKey)) { response in
                #expect(response.status == .forbidden)
            }
            let listed = try await client.execute(uri: "/v1/memory?status=approved", method: .get, headers: Self.headers(Fixture.adminKey)) {
                response in
                #expect(response.status == .ok)
                return try #require(try Self.json(response.body) as? [[String: Any]])
            }
            #expect(listed.count == added)
            #expect(listed.contains { $0["source"] as? String == "Your appointment is confirmed for Tuesday at {time}." })
            #expect(listed.allSatisfy { $0["origin"] as? String == "imported" })

            let exported = try await client.execute(uri: "/v1/memory/export", method: .get, headers: Self.headers(Fixture.adminKey)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/x-tmx+xml") == true)
                return String(buffer: response.body)
            }
            #expect(exported.contains("<ph x=\"1\">{time}</ph>"))
            try await client.execute(
                uri: "/v1/memory/import?mode=replace", method: .post,
                headers: Self.headers(Fixture.adminKey, contentType: "application/x-tmx+xml"), body: ByteBuffer(string: exported)
            ) { response in
                #expect(response.status == .ok)
                let report = try #require(try Self.json(response.body) as? [String: Any])
                #expect(report["added"] as? Int == added)
                #expect(report["superseded"] as? Int == added)
            }
            let again = try await fixture.store.memoryEntries(industry: "hvac", status: .approved, limit: 1_000)
            #expect(Set(again.map(\.source)) == Set(listed.compactMap { $0["source"] as? String }))
            #expect(Set(again.map(\.target)) == Set(listed.compactMap { $0["target"] as? String }))

            // A file that is not TMX is refused with why, and nothing changes.
            try await client.execute(
                uri: "/v1/memory/import", method: .post, headers: Self.headers(Fixture.adminKey, contentType: "application/x-tmx+xml"),
                body: ByteBuffer(string: "<!DOCTYPE tmx [<!ENTITY boom \"x\">]><tmx version=\"1.4\"/>")
            ) { response in
                #expect(response.status.code >= 400 && response.status.code < 500)
                #expect(String(buffer: response.body).contains("TMX"))
            }
            #expect(try await fixture.store.memoryEntries(industry: "hvac", status: .approved, limit: 1_000).count == added)
        }
    }
}
