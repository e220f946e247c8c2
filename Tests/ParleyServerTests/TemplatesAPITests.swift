import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// Templates as reps and admins use them: shared and own, and sent by id with values.
@Suite struct TemplatesAPITests {
    typealias Fixture = ConversationsAPITests.Fixture

    static func body(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    @Test(arguments: StoreKind.allCases) func sharedAndOwnTemplatesAndWhoMayChangeThem(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            try await fixture.app().test(.router) { client in
                let admin = ConversationsAPITests.headers(Fixture.adminKey)
                let dana = ConversationsAPITests.headers(Fixture.danaKey)
                let rob = ConversationsAPITests.headers(Fixture.robKey)
                let shared = try await client.execute(
                    uri: "/v1/templates", method: .post, headers: admin,
                    body: try Self.body(["name": "Arrival", "text": "Hi {{name}}, your technician arrives at {{time}}."])
                ) { response throws in
                    #expect(response.status == .created)
                    return try ConversationsAPITests.json(response.body)
                }
                #expect(shared["repID"] == nil)
                let own = try await client.execute(
                    uri: "/v1/templates", method: .post, headers: dana, body: try Self.body(["name": "Thanks", "text": "Thank you, {{name}}!"])
                ) { response throws in
                    #expect(response.status == .created)
                    return try ConversationsAPITests.json(response.body)
                }
                #expect(own["repID"] as? String == fixture.dana.id.uuidString)

                // Dana sees both; Rob only the shared one.
                try await client.execute(uri: "/v1/templates", method: .get, headers: dana) { response throws in
                    #expect(Set(try ConversationsAPITests.jsonArray(response.body).compactMap { $0["name"] as? String }) == ["Arrival", "Thanks"])
                }
                try await client.execute(uri: "/v1/templates", method: .get, headers: rob) { response throws in
                    #expect(try ConversationsAPITests.jsonArray(response.body).compactMap { $0["name"] as? String } == ["Arrival"])
                }
                // A rep may not share, nor change the shared one or another rep's.
                try await client.execute(
                    uri: "/v1/templates", method: .post, headers: rob, body: try Self.body(["name": "X", "text": "Y", "shared": true])
                ) { response in
                    #expect(response.status == .forbidden)
                }
                let sharedID = try #require(shared["id"] as? String)
                let ownID = try #require(own["id"] as? String)
                try await client.execute(
                    uri: "/v1/templates/\(sharedID)", method: .put, headers: dana, body: try Self.body(["name": "Arrival", "text": "Changed"])
                ) { response in
                    #expect(response.status == .forbidden)
                }
                try await client.execute(uri: "/v1/templates/\(ownID)", method: .delete, headers: rob) { response in
                    #expect(response.status == .forbidden)
                }
                // Empty text is refused; the owner edits and deletes their own.
                try await client.execute(
                    uri: "/v1/templates/\(ownID)", method: .put, headers: dana, body: try Self.body(["name": "Thanks", "text": "  "])
                ) { response in
                    #expect(response.status == .badRequest)
                }
                try await client.execute(
                    uri: "/v1/templates/\(ownID)", method: .put, headers: dana, body: try Self.body(["name": "Thanks", "text": "Many thanks, {{name}}!"])
                ) { response throws in
                    #expect(response.status == .ok)
                    #expect(try ConversationsAPITests.json(response.body)["text"] as? String == "Many thanks, {{name}}!")
                }
                try await client.execute(uri: "/v1/templates/\(ownID)", method: .delete, headers: dana) { response in
                    #expect(response.status == .noContent)
                }
                try await client.execute(uri: "/v1/templates", method: .get, headers: dana) { response throws in
                    #expect(try ConversationsAPITests.jsonArray(response.body).compactMap { $0["name"] as? String } == ["Arrival"])
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func aTemplateIsSentTranslatedWithItsValuesAndRefusedWithoutThem(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let template = try await fixture.store.createTemplate(
                repID: nil, name: "Arrival", text: "Hello {{name}}, the technician arrives tomorrow at {{time}}.")
            try await fixture.app().test(.router) { client in
                let dana = ConversationsAPITests.headers(Fixture.danaKey)
                let conversationID = try await client.execute(
                    uri: "/v1/conversations", method: .post, headers: dana,
                    body: try Self.body(["numberID": fixture.danaNumber.id.uuidString, "phone": "+52 55 1234 5678", "name": "Lucía", "language": "es"])
                ) { response throws in
                    #expect(response.status == .created)
                    let started = try ConversationsAPITests.json(response.body)
                    return try #require((started["conversation"] as? [String: Any])?["id"] as? String)
                }
                // A missing value: 422 naming it, and nothing is sent.
                try await client.execute(
                    uri: "/v1/conversations/\(conversationID)/messages", method: .post, headers: dana,
                    body: try Self.body(["templateID": template.id.uuidString, "values": ["name": "Lucía"]])
                ) { response throws in
                    #expect(response.status == .unprocessableContent)
                    #expect((try ConversationsAPITests.json(response.body)["detail"] as? String)?.contains("time") == true)
                }
                #expect(fixture.sender.sent.isEmpty)
                // Text and a template at once is ambiguous.
                try await client.execute(
                    uri: "/v1/conversations/\(conversationID)/messages", method: .post, headers: dana,
                    body: try Self.body(["text": "Hi", "templateID": template.id.uuidString])
                ) { response in
                    #expect(response.status == .badRequest)
                }
                // With its values it goes out in Spanish, the values protected.
                try await client.execute(
                    uri: "/v1/conversations/\(conversationID)/messages", method: .post, headers: dana,
                    body: try Self.body(["templateID": template.id.uuidString, "values": ["name": "Lucía", "time": "3:30 PM"]])
                ) { response throws in
                    #expect(response.status == .created)
                    let sent = try ConversationsAPITests.json(response.body)
                    let message = try #require(sent["message"] as? [String: Any])
                    #expect(message["original"] as? String == "Hello Lucía, the technician arrives tomorrow at 3:30 PM.")
                }
                let handed = try #require(fixture.sender.sent.last)
                // The name byte-exact, the time in Spanish conventions.
                #expect(handed.body.contains("Lucía") && handed.body.contains("3:30 p. m."))
                #expect(!handed.body.contains("technician") && !handed.body.contains("{{"))
            }
        }
    }
}
