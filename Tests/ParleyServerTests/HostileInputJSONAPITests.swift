import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyTesting
import ParleyThreads
import ParleyThreadsTesting
import PropertyBased
import Testing

@testable import ParleyServer

/// The JSON API under hostile input: the reps' routes (compose, preview and send, contacts'
/// languages, templates, starting conversations) and the core's lead import, with JSON of the wrong
/// types, deep nesting, huge strings and arrays, invalid UTF-8, repeated keys, numbers out of range,
/// unknown fields and truncation; path parameters that are not ids (traversal, percent-encoded
/// junk); random query strings and keys. Every request is answered with a success or a 4xx problem
/// that says what was wrong, in time; never a 5xx. Seeded (see ``Fuzz``).
@Suite struct HostileInputJSONAPITests {
    // MARK: - Findings, kept as regression tests

    /// The webhook's NUL finding, through JSON: `\u0000` decodes to a NUL, which SQLite cut the
    /// stored text at (a contact's name, a sent message's English, a template) and PostgreSQL
    /// refused (a 503). Refused with a 400 before anything is stored; `\\u0000` (a backslash,
    /// then text) is no NUL and passes.
    @Test(arguments: HostileFixture.storeKinds) func aNULInJSONIsRefusedBeforeAnythingIsStored(_ kind: StoreKind) async throws {
        try await HostileFixture.with(kind) { fixture in
            let app = buildApplication(try fixture.services(), logger: HostileFixture.logger)
            let eventsBefore = try await fixture.store.latestEventID()
            let headers: HTTPFields = [.authorization: "Bearer \(HostileFixture.danaKey)", .contentType: "application/json"]
            try await app.test(.router) { client in
                for (uri, body) in [
                    ("/v1/conversations", #"{"numberID": "\#(fixture.number.id)", "phone": "+34600111222", "name": "Ana\u0000María"}"#),
                    ("/v1/conversations/\(fixture.conversation.id)/messages", #"{"text": "On my way\u0000 now"}"#),
                    ("/v1/templates", #"{"name": "Late", "text": "Running late\u0000, {{first_name}}"}"#),
                ] {
                    let response = try await HostileFixture.send(client, .post, uri, headers: headers, body: Array(body.utf8))
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(try HostileAnswer.check(response)?.title == "NUL character")
                }
                let backslash = #"{"text": "Save it in C:\\u0000 please", "language": "es"}"#
                let response = try await HostileFixture.send(client, .post, "/v1/preview", headers: headers, body: Array(backslash.utf8))
                #expect(response.status == .ok)
            }
            #expect(try await fixture.store.latestEventID() == eventsBefore)
            #expect(try await fixture.store.contact(phone: try PhoneNumber(parsing: "+34600111222")) == nil)
            #expect(try await fixture.store.templates(repID: fixture.dana.id).count == 1)
        }
    }

    /// Found by fuzzing on PostgreSQL (seed 20261124, 'json api' case 252, here in its smallest
    /// form): a contact search with a NUL (`?q=a%00b`) was a 503, as PostgreSQL refuses a NUL even
    /// in a query. Both stores now refuse such a search the same way, as a 400.
    @Test(arguments: HostileFixture.storeKinds) func aSearchWithANULIsRefusedAsBadInput(_ kind: StoreKind) async throws {
        try await HostileFixture.with(kind) { fixture in
            let app = buildApplication(try fixture.services(), logger: HostileFixture.logger)
            let headers: HTTPFields = [.authorization: "Bearer \(HostileFixture.danaKey)"]
            try await app.test(.router) { client in
                for uri in ["/v1/contacts?q=a%00b", "/v1/conversations?q=a%00b"] {
                    let response = try await HostileFixture.send(client, .get, uri, headers: headers, body: nil)
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(try HostileAnswer.check(response)?.detail == "The search contains a NUL character; remove it.")
                }
            }
        }
    }
}
