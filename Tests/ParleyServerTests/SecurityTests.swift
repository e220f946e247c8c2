import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import Synchronization
import Testing

/// The service's security review as tests: every operation in the API description but the open
/// ones refuses a caller without a valid key, every page sends a caller without a session to
/// sign in, secrets never reach the logs, and every answer carries its security headers.
@Suite(.serialized) struct SecurityTests {
    typealias Fixture = ConversationsAPITests.Fixture

    /// Every documented operation, with `security: []` marking the open ones. Path parameters are
    /// filled with `id` (a new UUID when nil) and `industry`.
    static func operations(id: String? = nil, industry: String = "hvac") throws -> [(method: HTTPRequest.Method, path: String, open: Bool)] {
        let paths = try #require(try OpenAPITests.document()["paths"] as? [String: Any])
        var operations: [(HTTPRequest.Method, String, Bool)] = []
        for (path, item) in paths {
            let item = try #require(item as? [String: Any])
            for (name, operation) in item where RouteScan.methods.contains(name) {
                let operation = try #require(operation as? [String: Any])
                let open = (operation["security"] as? [Any])?.isEmpty == true
                let concrete = path.replacingOccurrences(of: "{industry}", with: industry)
                    .replacingOccurrences(of: "{id}", with: id ?? UUID().uuidString)
                operations.append((try #require(HTTPRequest.Method(name.uppercased())), concrete, open))
            }
        }
        return operations.sorted { ($0.1, $0.0.rawValue) < ($1.1, $1.0.rawValue) }
    }

    /// Every query parameter the document names anywhere, each given a value no route accepts.
    static func invalidQuery() throws -> String {
        var names: Set<String> = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if object["in"] as? String == "query", let name = object["name"] as? String { names.insert(name) }
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(try OpenAPITests.document())
        return names.sorted().map { "\($0)=%00not-valid" }.joined(separator: "&")
    }

    @Test func everyOperationButTheOpenOnesRefusesACallerWithoutAValidKey() async throws {
        let operations = try Self.operations()
        #expect(operations.count >= 30)
        #expect(operations.filter(\.open).count == 5, "health, metrics, the description and the two webhooks")
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                for operation in operations where !operation.open {
                    for authorization in [nil, "Bearer not-a-key-0123456789abcdef", "Basic ZGFuYTprZXk="] {
                        var headers: HTTPFields = [.contentType: "application/json"]
                        if let authorization { headers[.authorization] = authorization }
                        try await client.execute(uri: operation.path, method: operation.method, headers: headers, body: ByteBuffer(string: "{}")) {
                            response in
                            #expect(
                                response.status == .unauthorized,
                                "\(operation.method) \(operation.path) with \(authorization ?? "no key") answered \(response.status)")
                        }
                    }
                }
            }
        }
    }

    /// Who asks comes before what they ask: with no key or an unknown one, every operation answers
    /// 401 even when its path parameters, query, headers and body are all invalid (a route that
    /// parsed an id before asking for the caller answered 400 and told a stranger what it checks).
    @Test func everyOperationButTheOpenOnesRefusesACallerWithoutAValidKeyBeforeReadingTheRequest() async throws {
        let query = try Self.invalidQuery()
        #expect(query.contains("rep=") && query.contains("limit=") && query.contains("after="), "the scan finds the query parameters: \(query)")
        let operations = try Self.operations(id: "0", industry: "no%20such%20industry").filter { !$0.open }
        #expect(operations.count >= 30)
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                // The invalid request is invalid: with a key, it is refused for what it holds.
                try await client.execute(
                    uri: "/v1/conversations/0/events?\(query)", method: .get,
                    headers: [.authorization: "Bearer \(Fixture.adminKey)", HTTPField.Name("Last-Event-ID")!: "not-an-event-id"]
                ) { response in
                    #expect(response.status == .badRequest, "\(String(buffer: response.body))")
                }
                for operation in operations {
                    for authorization in [nil, "Bearer not-a-key-0123456789abcdef"] {
                        var headers: HTTPFields = [
                            .contentType: "application/json", HTTPField.Name("Last-Event-ID")!: "not-an-event-id", .ifMatch: "not-a-version",
                        ]
                        if let authorization { headers[.authorization] = authorization }
                        let uri = "\(operation.path)?\(query)"
                        try await client.execute(uri: uri, method: operation.method, headers: headers, body: ByteBuffer(string: "{\"text\": 1")) {
                            response in
                            #expect(
                                response.status == .unauthorized,
                                "\(operation.method) \(uri) with \(authorization ?? "no key") answered \(response.status): \(String(buffer: response.body))")
                        }
                    }
                }
            }
        }
    }

    @Test func everyPageSendsACallerWithoutASessionToSignIn() async throws {
        let pages: [(HTTPRequest.Method, String)] = [
            (.get, "/conversations"), (.post, "/conversations"), (.get, "/conversations/\(UUID())"), (.get, "/leads"),
            (.post, "/leads/\(UUID())/pick-up"), (.get, "/contacts"), (.get, "/contacts/\(UUID())"), (.get, "/admin/glossaries"),
            (.get, "/admin/glossaries/hvac"), (.get, "/admin/glossaries/hvac/history"), (.get, "/admin/glossaries/hvac/concepts/new"),
            (.post, "/admin/glossaries/hvac/concepts"),
        ]
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                for (method, path) in pages {
                    // A bearer key is for the API, not a page session.
                    for headers: HTTPFields in [[:], ConversationsAPITests.headers(Fixture.adminKey)] {
                        try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: "csrf=x")) { response in
                            let signIn = response.status == .seeOther && response.headers[.location] == "/sign-in"
                            #expect(signIn || response.status == .forbidden, "\(method) \(path) answered \(response.status)")
                            #expect(!String(buffer: response.body).contains("csrf-token\" content=\"x"))
                        }
                    }
                }
            }
        }
    }

    /// Keeps every log line, with its metadata, for the test to search.
    final class LogCapture: Sendable {
        let lines = Mutex<[String]>([])

        struct Handler: LogHandler {
            let capture: LogCapture
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .trace

            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }

            func log(event: LogEvent) {
                let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
                capture.lines.withLock { $0.append("\(event.level) \(event.message) \(all) \(event.source)") }
            }
        }

        var logger: Logger { Logger(label: "parley.test") { _ in Handler(capture: self) } }
    }

    @Test func keysSessionsAndTokensNeverReachTheLogs() async throws {
        let capture = LogCapture()
        try await Fixture.with(.sqlite) { fixture in
            let app = buildApplication(fixture.services, logger: capture.logger)
            let wrongKey = "wrong-key-that-must-not-be-logged-42"
            try await app.test(.router) { client in
                // Sign-in failures (a wrong key) and successes, pages, API calls with the cookie and the token.
                _ = try await WebTests.postSignIn(client, email: "dana@example.com", key: wrongKey)
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                _ = try await WebTests.send(client, "/conversations", headers: dana.headers)
                _ = try await WebTests.send(
                    client, "/v1/conversations", .post, headers: dana.headers(csrf: dana.csrf),
                    body: #"{"numberID": "\#(fixture.danaNumber.id)", "phone": "+52 55 1234 5678"}"#)
                _ = try await WebTests.send(client, "/v1/conversations", headers: ConversationsAPITests.headers(Fixture.adminKey))
                _ = try await WebTests.send(client, "/v1/conversations", headers: ConversationsAPITests.headers(wrongKey))
                _ = try await WebTests.send(client, "/sign-out", .post, headers: dana.headers(csrf: dana.csrf))
                let lines = capture.lines.withLock { $0 }
                // The capture sees the service's lines, the refused sign-in among them.
                #expect(lines.contains { $0.contains("web sign-in refused") }, "\(lines)")
                for secret in [Fixture.danaKey, Fixture.adminKey, wrongKey, dana.cookie, dana.csrf] {
                    let leaks = lines.filter { $0.contains(secret) }
                    #expect(leaks.isEmpty, "a secret in the logs: \(leaks)")
                }
            }
        }
    }

    @Test func answersAndProblemsCarryTheSecurityHeaders() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                let dana = ConversationsAPITests.headers(Fixture.danaKey)
                for (path, headers, status) in [
                    ("/v1/conversations", dana, HTTPResponse.Status.ok), ("/v1/conversations/\(UUID())/messages", dana, .notFound),
                    ("/v1/conversations", [:], .unauthorized),
                ] {
                    try await client.execute(uri: path, method: .get, headers: headers) { response in
                        #expect(response.status == status, "\(path)")
                        #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(path)")
                        // Conversations and contacts are not kept in caches.
                        #expect(response.headers[.cacheControl] == "no-store", "\(path)")
                    }
                }
                try await client.execute(uri: "/sign-in", method: .get) { response in
                    let policy = response.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                    #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
                    #expect(policy.contains("frame-ancestors 'none'"))
                }
            }
        }
    }
}
