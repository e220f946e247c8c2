import Foundation
import ParleyTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyGlossary
import ParleyServer
import ParleyThreads
import ParleyTranslation
// Only to make the registry that mounts GET /metrics. ParleyServer depends on it, so it is built,
// but the test target does not name it; Package.swift should list it for ParleyServerTests.
import Prometheus
import Testing

/// `Sources/ParleyServer/Resources/openapi.yaml` stays true to the service: every route is in it and
/// every operation in it is routed, it is valid OpenAPI 3.1, real responses fit its schemas, and
/// `GET /openapi.yaml` serves it.
@Suite(.serialized) struct OpenAPITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let documentURL = root.appendingPathComponent("Sources/ParleyServer/Resources/openapi.yaml")
    static let pipInstall = "python3 -m pip install openapi-spec-validator==0.9.0"

    /// A service with every route mounted: a real SQLite store, the shipped HVAC glossary in a
    /// temporary folder, a metrics registry, the real APy, and keys for a rep, an admin and the core.
    struct Fixture {
        let folder: URL
        let store: SQLiteThreadStore
        let danaNumber: BusinessNumber
        let services: ParleyServices
        static let repKey = "dana-key-0123456789abcdef"
        static let adminKey = "admin-key-0123456789abcdef"
        static let coreKey = "core-key-0123456789abcdef"

        init() async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-openapi-\(UUID())")
            let glossaries = folder.appendingPathComponent("glossaries")
            try FileManager.default.createDirectory(at: glossaries, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: OpenAPITests.root.appendingPathComponent("glossaries/hvac.tbx"), to: glossaries.appendingPathComponent("hvac.tbx"))
            store = SQLiteThreadStore(database: try ParleyDatabase(path: folder.appendingPathComponent("parley.sqlite").path))
            let dana = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            _ = try await store.createRep(name: "Ana", email: "ana@example.com", role: .admin)
            danaNumber = try await store.assignNumber(try PhoneNumber(parsing: "+1 410 555 0100"), to: dana.id)
            let shelf = try GlossaryShelf(loading: GlossaryLibrary(directory: glossaries), industry: "hvac")
            services = ParleyServices(
                pipeline: try ThreadFixture.pipeline().using(shelf.current), store: store, sender: LogSender(quiet: true),
                access: try AccessKeys(
                    parsing: "core=\(Self.coreKey),rep:dana@example.com=\(Self.repKey),admin:ana@example.com=\(Self.adminKey)"),
                glossaries: shelf, metrics: PrometheusCollectorRegistry())
        }

        func app() -> some ApplicationProtocol { buildApplication(services) }

        func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    }

    // MARK: - Reading the document

    static func documentText() throws -> String { try String(contentsOf: documentURL, encoding: .utf8) }

    static func document() throws -> [String: Any] {
        try #require(try LightYAML.parse(try documentText()) as? [String: Any])
    }

    /// The document's operations: each path with each HTTP method under it.
    static func documentedOperations(_ document: [String: Any]) throws -> Set<APIOperation> {
        let paths = try #require(document["paths"] as? [String: Any], "openapi.yaml has no paths")
        var operations: Set<APIOperation> = []
        for (path, item) in paths {
            let item = try #require(item as? [String: Any], "\(path) is not a path item")
            for method in item.keys where RouteScan.methods.contains(method) || method == "trace" {
                operations.insert(APIOperation(method: method, path: path))
            }
        }
        return operations
    }

    static func schemas(_ document: [String: Any]) throws -> [String: Any] {
        try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
    }

    /// The schema an operation documents for a response, following a `$ref` to `components.responses`.
    static func responseSchema(
        _ document: [String: Any], _ method: String, _ path: String, status: Int, contentType: String = "application/json"
    ) throws -> [String: Any] {
        let item = (document["paths"] as? [String: Any])?[path] as? [String: Any]
        let operation = try #require(item?[method] as? [String: Any], "openapi.yaml has no \(method.uppercased()) \(path)")
        var response = try #require(
            (operation["responses"] as? [String: Any])?[String(status)] as? [String: Any], "\(method) \(path) documents no \(status)")
        if let reference = response["$ref"] as? String {
            let name = try #require(reference.split(separator: "/").last.map(String.init))
            response = try #require(((document["components"] as? [String: Any])?["responses"] as? [String: Any])?[name] as? [String: Any])
        }
        let content = try #require(
            (response["content"] as? [String: Any])?[contentType] as? [String: Any], "\(method) \(path) \(status) has no \(contentType)")
        return try #require(content["schema"] as? [String: Any])
    }

    // MARK: - 1. Routes and document agree

    @Test func everyRegisteredRouteIsDocumentedAndEveryDocumentedOneIsRegistered() throws {
        let scan = try RouteScan.scan(Self.root.appendingPathComponent("Sources/ParleyServer"))
        #expect(scan.problems.isEmpty, "the route scan does not understand: \(scan.problems.joined(separator: "; "))")
        // The scan must find the routes it is meant to find, or agreement would say nothing.
        #expect(scan.operations.contains(APIOperation(method: "post", path: "/v1/conversations/{id}/messages")))
        #expect(scan.operations.contains(APIOperation(method: "get", path: "/healthz")))
        #expect(scan.operations.count >= 30, "the scan found only \(scan.operations.sorted())")

        let documented = try Self.documentedOperations(try Self.document())
        let undocumented = scan.operations.subtracting(documented).sorted()
        let unregistered = documented.subtracting(scan.operations).sorted()
        #expect(undocumented.isEmpty, "registered but missing from openapi.yaml: \(undocumented.map(\.description).joined(separator: ", "))")
        #expect(unregistered.isEmpty, "in openapi.yaml but not registered: \(unregistered.map(\.description).joined(separator: ", "))")
    }

    /// What a request through the router answered.
    struct Answer {
        var status: HTTPResponse.Status
        var contentType: String?
        var body: String
        var json: Any?

        var title: String? { (json as? [String: Any])?["title"] as? String }
        var detail: String? { (json as? [String: Any])?["detail"] as? String }

        /// Whether this is the router's own answer to a path and method it has no route for, as
        /// `unrouted` (the answer to a made-up path) shows it: Hummingbird throws
        /// `HTTPError(.notFound)` through the router's middleware, and `ProblemMiddleware` makes it
        /// a problem titled with the reason phrase. Routes answer their 404s with their own titles
        /// and details ("No such conversation", the store's "Not found" with what is missing).
        func isUnrouted(like unrouted: Answer) -> Bool {
            status == .notFound && title == unrouted.title && detail == unrouted.detail
        }
    }

    /// Sends a request for an operation: path parameters filled with ids that do not exist, an admin's
    /// key, an empty JSON object as the body, a content type no route takes, and an invalid
    /// `Last-Event-ID` so event streams answer at once instead of streaming.
    static func send(_ client: some TestClientProtocol, _ operation: APIOperation, key: String? = Fixture.adminKey) async throws -> Answer {
        var path = operation.path
        path = path.replacingOccurrences(of: "{industry}", with: "hvac")
        path = path.replacingOccurrences(of: "{id}", with: operation.path.contains("/concepts/") ? "no-such-concept" : UUID().uuidString)
        var headers = HTTPFields()
        if let key { headers[.authorization] = "Bearer \(key)" }
        headers[.contentType] = "application/x-openapi-test"
        headers[HTTPField.Name("Last-Event-ID")!] = "not-an-event-id"
        let method = try #require(HTTPRequest.Method(operation.method.uppercased()))
        let body: ByteBuffer? = method == .post || method == .put ? ByteBuffer(string: "{}") : nil
        return try await client.execute(uri: path, method: method, headers: headers, body: body) { response in
            let text = String(buffer: response.body)
            return Answer(
                status: response.status, contentType: response.headers[.contentType], body: text,
                json: try? JSONSerialization.jsonObject(with: Data(text.utf8)))
        }
    }

    @Test func everyDocumentedOperationIsRouted() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let operations = try Self.documentedOperations(try Self.document()).sorted()
        #expect(operations.count >= 30)
        try await fixture.app().test(.router) { client in
            // How the router answers what it has no route for, and that the check tells it apart.
            let unrouted = try await Self.send(client, APIOperation(method: "get", path: "/v1/openapi-tests/no-such-route"))
            #expect(unrouted.status == .notFound)
            #expect(unrouted.contentType == "application/problem+json")
            #expect(unrouted.title == "Not Found", "Hummingbird's not-found, as ProblemMiddleware answers it: \(unrouted.body)")
            let madeUp = try await Self.send(client, APIOperation(method: "post", path: "/v1/conversations/{id}/no-such-action"))
            #expect(madeUp.isUnrouted(like: unrouted), "a made-up path must count as unrouted: \(madeUp.body)")
            let wrongMethod = try await Self.send(client, APIOperation(method: "delete", path: "/healthz"))
            #expect(wrongMethod.isUnrouted(like: unrouted), "a method a path does not have must count as unrouted: \(wrongMethod.body)")
            let unknownID = try await Self.send(client, APIOperation(method: "get", path: "/v1/conversations/{id}/messages"))
            #expect(unknownID.status == .notFound)
            #expect(!unknownID.isUnrouted(like: unrouted), "a routed 404 for an unknown id must not count as unrouted: \(unknownID.body)")

            for operation in operations {
                let answer = try await Self.send(client, operation)
                #expect(!answer.isUnrouted(like: unrouted), "\(operation) is documented but the router has no route for it")
                #expect(answer.status.code < 500, "\(operation) answered \(answer.status): \(answer.body)")
            }
        }
    }

    // MARK: - 2. The document is valid OpenAPI 3.1

    /// Runs python3 with arguments; its exit status and its output (stdout and stderr together).
    /// It waits on a Dispatch thread, not on one of the few threads Swift concurrency shares with
    /// the suites that run meanwhile (some serve and stream over real sockets).
    static func python(_ arguments: [String], input: String? = nil) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runPython(arguments, input: input) })
            }
        }
    }

    private static func runPython(_ arguments: [String], input: String?) throws -> (status: Int32, output: String) {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether python3 can import the validator (and PyYAML, which it brings); records an issue
    /// naming the install line when not.
    static func validatorIsInstalled() async -> Bool {
        let found = try? await python(["-c", "import openapi_spec_validator, yaml"])
        guard let found, found.status == 0 else {
            Issue.record(
                """
                openapi-spec-validator is not installed for python3, so openapi.yaml cannot be validated. \
                Install it with: \(pipInstall) (\(found.map { String($0.output.suffix(300)) } ?? "python3 did not run"))
                """)
            return false
        }
        return true
    }

    @Test func theDocumentIsValidOpenAPI31() async throws {
        guard await Self.validatorIsInstalled() else { return }
        let result = try await Self.python(["-m", "openapi_spec_validator", "--schema", "3.1", Self.documentURL.path])
        #expect(result.status == 0, "openapi-spec-validator refuses openapi.yaml:\n\(result.output.prefix(4_000))")
    }

    @Test func theTestsReadTheDocumentAsPyYAMLDoes() async throws {
        guard await Self.validatorIsInstalled() else { return }
        let script = "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin.read()), sys.stdout)"
        let result = try await Self.python(["-c", script], input: try Self.documentText())
        try #require(result.status == 0, "PyYAML cannot read openapi.yaml: \(result.output.prefix(2_000))")
        let pyYAML = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? NSDictionary)
        let light = try Self.document() as NSDictionary
        #expect(light.isEqual(pyYAML), "LightYAML reads openapi.yaml differently from PyYAML")
    }

    /// What needs no Python: the version, the info, that every `$ref` resolves, that every path
    /// parameter is declared, that operation ids are unique and that each operation has a 2xx.
    @Test func theDocumentIsWellFormed() throws {
        let document = try Self.document()
        #expect(document["openapi"] as? String == "3.1.0")
        let info = try #require(document["info"] as? [String: Any])
        #expect(info["title"] is String && info["version"] is String)

        var unresolved: [String] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if let reference = object["$ref"] as? String {
                    let keys = reference.dropFirst(2).split(separator: "/").map(String.init)
                    var target: Any? = reference.hasPrefix("#/") ? document : nil
                    for key in keys { target = (target as? [String: Any])?[key] }
                    if target == nil { unresolved.append(reference) }
                }
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(document)
        #expect(unresolved.isEmpty, "unresolved $refs: \(unresolved)")

        let components = try #require(document["components"] as? [String: Any])
        func resolved(_ parameter: Any) -> [String: Any]? {
            guard let parameter = parameter as? [String: Any] else { return nil }
            guard let reference = parameter["$ref"] as? String, let name = reference.split(separator: "/").last else { return parameter }
            return (components["parameters"] as? [String: Any])?[String(name)] as? [String: Any]
        }
        var operationIDs: [String] = []
        let paths = try #require(document["paths"] as? [String: Any])
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            let item = try #require(item as? [String: Any])
            let templated = Set(RouteScan.matches(#"\{(\w+)\}"#, in: path).map { $0[1] })
            let shared = (item["parameters"] as? [Any] ?? []).compactMap(resolved)
            for (method, operation) in item where RouteScan.methods.contains(method) {
                let operation = try #require(operation as? [String: Any])
                let parameters = shared + (operation["parameters"] as? [Any] ?? []).compactMap(resolved)
                let declared = Set(parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String })
                #expect(
                    declared == templated,
                    "\(method.uppercased()) \(path) declares path parameters \(declared.sorted()), not \(templated.sorted())")
                if let id = operation["operationId"] as? String { operationIDs.append(id) }
                let statuses = (operation["responses"] as? [String: Any])?.keys.sorted() ?? []
                #expect(statuses.contains { $0.hasPrefix("2") }, "\(method.uppercased()) \(path) documents no success: \(statuses)")
            }
        }
        #expect(Set(operationIDs).count == operationIDs.count, "operation ids repeat: \(operationIDs.sorted())")
    }

    // MARK: - 3. Responses fit their schemas

    static func headers(_ key: String?) -> HTTPFields {
        var headers = HTTPFields()
        if let key { headers[.authorization] = "Bearer \(key)" }
        headers[.contentType] = "application/json"
        return headers
    }

    /// The document as read, for use inside the router test's closures; never changed.
    struct Document: @unchecked Sendable {
        let root: [String: Any]
    }

    /// Sends a request and checks its JSON against the schema the document gives the operation's
    /// response; the body's text.
    static func expectFits(
        _ client: some TestClientProtocol, _ document: Document, _ method: HTTPRequest.Method, _ uri: String, documented path: String,
        key: String? = Fixture.repKey, body: String? = nil, status: HTTPResponse.Status, contentType: String = "application/json",
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let schema = try responseSchema(document.root, method.rawValue.lowercased(), path, status: status.code, contentType: contentType)
        let check = SchemaCheck(schemas: try schemas(document.root))
        let text = try await client.execute(uri: uri, method: method, headers: headers(key), body: body.map { ByteBuffer(string: $0) }) {
            response throws in
            #expect(response.status == status, "\(method) \(uri): \(String(buffer: response.body))", sourceLocation: sourceLocation)
            #expect(response.headers[.contentType]?.hasPrefix(contentType) == true, sourceLocation: sourceLocation)
            return String(buffer: response.body)
        }
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let mismatches = check.mismatches(json, schema)
        #expect(mismatches.isEmpty, "\(method) \(uri) does not fit \(path)'s schema: \(mismatches)", sourceLocation: sourceLocation)
        return text
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func array(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test func responsesFitTheirDocumentedSchemas() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let document = Document(root: try Self.document())
        let schemas = try Self.schemas(document.root)
        let summary = try #require(schemas["ConversationSummary"] as? [String: Any])
        // The check itself sees an undocumented key and a missing required one.
        #expect(!SchemaCheck(schemas: schemas).mismatches(["conversation": [:] as [String: Any], "extra": 1], summary).isEmpty)
        let summaryProperties = Set((summary["properties"] as? [String: Any] ?? [:]).keys)

        try await fixture.app().test(.router) { client in
            let start = #"{"numberID": "\#(fixture.danaNumber.id)", "phone": "+52 55 1234 5678", "name": "María López", "language": "es"}"#
            let started = try await Self.expectFits(
                client, document, .post, "/v1/conversations", documented: "/v1/conversations", body: start, status: .created)
            let conversationID = try #require((try Self.object(started)["conversation"] as? [String: Any])?["id"] as? String)
            let messages = "/v1/conversations/{id}/messages"
            let compose = #"{"text": "Your technician is on the way."}"#
            _ = try await Self.expectFits(
                client, document, .post, "/v1/conversations/\(conversationID)/messages", documented: messages, body: compose, status: .created)

            // ConversationSummary, with its last message, and Message.
            let list = try await Self.expectFits(client, document, .get, "/v1/conversations", documented: "/v1/conversations", status: .ok)
            let summaries = try Self.array(list)
            #expect(summaries.count == 1)
            let keys = Set(summaries.first?.keys.map { $0 } ?? [])
            #expect(keys.isSubset(of: summaryProperties), "undocumented: \(keys.subtracting(summaryProperties).sorted())")
            #expect(summaries.first?["lastMessage"] != nil)
            let thread = try await Self.expectFits(
                client, document, .get, "/v1/conversations/\(conversationID)/messages", documented: messages, status: .ok)
            #expect(try Self.array(thread).count == 1)
            _ = try await Self.expectFits(
                client, document, .post, "/v1/conversations/\(conversationID)/read", documented: "/v1/conversations/{id}/read", status: .ok)
            _ = try await Self.expectFits(client, document, .get, "/v1/numbers", documented: "/v1/numbers", status: .ok)

            // Problems: a routed 404, a 400, and a 401 without a key.
            let problem = "application/problem+json"
            _ = try await Self.expectFits(
                client, document, .get, "/v1/conversations/\(UUID())/messages", documented: messages, status: .notFound, contentType: problem)
            _ = try await Self.expectFits(
                client, document, .post, "/v1/conversations/\(conversationID)/messages", documented: messages, body: #"{"text": 1}"#,
                status: .badRequest, contentType: problem)
            _ = try await Self.expectFits(
                client, document, .get, "/v1/conversations", documented: "/v1/conversations", key: nil, status: .unauthorized,
                contentType: problem)

            // Templates, glossaries, health and the preview.
            let template = #"{"name": "On the way", "text": "Hi {{first_name}}, your technician is on the way."}"#
            _ = try await Self.expectFits(client, document, .post, "/v1/templates", documented: "/v1/templates", body: template, status: .created)
            _ = try await Self.expectFits(client, document, .get, "/v1/templates", documented: "/v1/templates", status: .ok)
            _ = try await Self.expectFits(client, document, .get, "/v1/glossaries", documented: "/v1/glossaries", status: .ok)
            _ = try await Self.expectFits(client, document, .get, "/v1/glossaries/hvac", documented: "/v1/glossaries/{industry}", status: .ok)
            _ = try await Self.expectFits(client, document, .get, "/healthz", documented: "/healthz", key: nil, status: .ok)
            _ = try await Self.expectFits(
                client, document, .post, "/v1/preview", documented: "/v1/preview",
                body: #"{"text": "Your technician is on the way.", "language": "es"}"#, status: .ok)
            // An invalid concept (two preferred terms): a 422 problem with issues.
            let twoPreferred = #"{"terms": {"en": [{"text": "blower"}], "es": [{"text": "soplador"}, {"text": "ventilador", "status": "preferred"}]}}"#
            let invalid = try await Self.expectFits(
                client, document, .post, "/v1/glossaries/hvac/concepts", documented: "/v1/glossaries/{industry}/concepts",
                key: Fixture.adminKey, body: twoPreferred, status: .unprocessableContent, contentType: problem)
            #expect((try Self.object(invalid)["issues"] as? [Any])?.isEmpty == false)
        }
    }

    // MARK: - 4. The service serves it

    /// `GET /openapi.yaml` is described as what its YAML is, a mapping with the document's keys,
    /// not as one string (which a YAML body never parses to), and what it serves fits that.
    @Test func theServedDocumentFitsTheSchemaItGivesItself() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let document = try Self.document()
        let schema = try Self.responseSchema(document, "get", "/openapi.yaml", status: 200, contentType: "application/yaml")
        #expect(schema["type"] as? String == "object")
        let check = SchemaCheck(schemas: try Self.schemas(document))
        #expect(!check.mismatches("openapi: 3.1.0", schema).isEmpty, "a string must not fit the document's schema")
        let served = try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
        }
        let parsed = try #require(try LightYAML.parse(served) as? [String: Any])
        let mismatches = check.mismatches(parsed, schema)
        #expect(mismatches.isEmpty, "the served document does not fit its own schema: \(mismatches)")
    }

    /// An event stream is described event by event: `text/event-stream`'s schema is one event (its
    /// `id`, `event` and `data`, whose JSON is an `EventPayload`), as OpenAPI 3.1 tools and
    /// schemathesis read it, and the events a real stream sends fit it.
    @Test func eventStreamsAreDescribedAsTheEventsTheySend() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let document = try Self.document()
        let schemas = try Self.schemas(document)
        let check = SchemaCheck(schemas: schemas)
        for path in ["/v1/events", "/v1/conversations/{id}/events"] {
            let schema = try Self.responseSchema(document, "get", path, status: 200, contentType: "text/event-stream")
            #expect(schema["$ref"] as? String == "#/components/schemas/ServerSentEvent", "\(path): \(schema)")
        }
        let event = try #require(schemas["ServerSentEvent"] as? [String: Any])
        let properties = try #require(event["properties"] as? [String: Any])
        let data = try #require(properties["data"] as? [String: Any])
        #expect(data["contentMediaType"] as? String == "application/json")
        let payload = try #require(data["contentSchema"] as? [String: Any])
        #expect(payload["$ref"] as? String == "#/components/schemas/EventPayload")
        // The event names the document lists are the store's.
        let names = Set((properties["event"] as? [String: Any])?["enum"] as? [String] ?? [])
        let kinds: [ThreadEvent.Kind] = [.messageAdded, .messageUpdated, .conversationUpdated, .consentChanged, .leadAdded, .leadPickedUp, .stateChanged]
        #expect(names == Set(kinds.map(\.rawValue)))

        let contact = try await fixture.store.findOrCreateContact(phone: try PhoneNumber(parsing: "+52 55 1234 5678"))
        let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
        _ = try await fixture.store.appendInbound(InboundMessageDraft(conversationID: conversation.id, text: "Hola", providerMessageID: "SM1"))
        let streams = try await fixture.app().test(.live) { client in
            let port = try #require(client.port)
            var streams: [(path: String, events: [EventStreamReader.Event])] = []
            for path in ["/v1/events", "/v1/conversations/\(conversation.id)/events"] {
                let stream = try EventStreamReader(url: "http://127.0.0.1:\(port)\(path)", key: Fixture.repKey, lastEventID: "0")
                defer { stream.close() }
                let added = try await stream.first { $0.name == "messageAdded" }
                #expect(added?.data.contains("\"message\"") == true, "\(path) replays the message")
                streams.append((path, stream.events))
            }
            return streams
        }
        #expect(streams.count == 2)
        for (path, events) in streams {
            #expect(!events.isEmpty, "\(path) sent no event")
            for sent in events {
                var fields: [String: Any] = ["data": sent.data]
                if let id = sent.id { fields["id"] = id }
                if let name = sent.name { fields["event"] = name }
                let mismatches = check.mismatches(fields, event)
                #expect(mismatches.isEmpty, "\(path): an event does not fit ServerSentEvent: \(mismatches)")
                #expect(sent.id?.allSatisfy(\.isNumber) == true, "\(path): id \(sent.id ?? "none")")
                let json = try JSONSerialization.jsonObject(with: Data(sent.data.utf8))
                let payloadMismatches = check.mismatches(json, payload)
                #expect(payloadMismatches.isEmpty, "\(path): data does not fit EventPayload: \(payloadMismatches)")
            }
        }
    }

    @Test func getOpenAPIYAMLServesTheDocumentAsYAML() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let text = try Self.documentText()
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
                #expect(String(buffer: response.body) == text)
            }
        }
    }
}
