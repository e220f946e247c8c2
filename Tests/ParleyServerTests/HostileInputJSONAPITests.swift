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
    /// JSON as a tree that can be damaged, then written out (keys may repeat; strings may carry raw bytes).
    indirect enum JSON {
        case null
        case bool(Bool)
        /// A number literal, written as it is (`1e400`, `-0`, `18446744073709551616`).
        case number(String)
        case string(String)
        /// A string holding bytes that are not UTF-8.
        case raw([UInt8])
        case array([JSON])
        case object([(String, JSON)])

        var bytes: [UInt8] {
            var out: [UInt8] = []
            write(into: &out)
            return out
        }

        func write(into out: inout [UInt8]) {
            switch self {
            case .null: out += Array("null".utf8)
            case .bool(let value): out += Array((value ? "true" : "false").utf8)
            case .number(let literal): out += Array(literal.utf8)
            case .string(let text): Self.writeString(text, into: &out)
            case .raw(let bytes): out += [0x22] + bytes + [0x22]
            case .array(let items):
                out.append(UInt8(ascii: "["))
                for (index, item) in items.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    item.write(into: &out)
                }
                out.append(UInt8(ascii: "]"))
            case .object(let members):
                out.append(UInt8(ascii: "{"))
                for (index, (key, value)) in members.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    Self.writeString(key, into: &out)
                    out.append(UInt8(ascii: ":"))
                    value.write(into: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
        }

        static func writeString(_ text: String, into out: inout [UInt8]) {
            out.append(0x22)
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += Array("\\\"".utf8)
                case "\\": out += Array("\\\\".utf8)
                case _ where scalar.value < 0x20:
                    out += Array(("\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)).utf8)
                default: out += Array(String(scalar).utf8)
                }
            }
            out.append(0x22)
        }

        /// The paths of every node, for picking one to damage.
        var paths: [[Int]] {
            var result: [[Int]] = [[]]
            switch self {
            case .array(let items):
                for (index, item) in items.enumerated() { result += item.paths.map { [index] + $0 } }
            case .object(let members):
                for (index, member) in members.enumerated() { result += member.1.paths.map { [index] + $0 } }
            default: break
            }
            return result
        }

        /// The tree with the node at a path changed.
        func updating(_ path: [Int], _ change: (JSON) -> JSON) -> JSON {
            guard let first = path.first else { return change(self) }
            switch self {
            case .array(var items) where first < items.count:
                items[first] = items[first].updating(Array(path.dropFirst()), change)
                return .array(items)
            case .object(var members) where first < members.count:
                members[first].1 = members[first].1.updating(Array(path.dropFirst()), change)
                return .object(members)
            default: return self
            }
        }
    }

    /// Values of every type, and extremes of each.
    static func wrongValue(using rng: inout some RandomNumberGenerator, text: String) -> JSON {
        switch Int.random(in: 0..<14, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(["0", "-1", "1e400", "-0", "18446744073709551616", "-9223372036854775809", "1.5", "9e-400", "0.1e1"]
            .randomElement(using: &rng)!)
        case 3: return .string(text)
        case 4: return .raw(Hostile.invalidUTF8.randomElement(using: &rng)!)
        case 5: return .array([])
        case 6: return .object([])
        case 7: return .string(String(repeating: "x", count: Int.random(in: 1_000...70_000, using: &rng)))
        case 8: return .array(Array(repeating: .number("1"), count: Int.random(in: 100...20_000, using: &rng)))
        case 9:
            // Deep nesting, past what a recursive parser survives.
            let depth = Int.random(in: 100...30_000, using: &rng)
            return .number(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        case 10: return .string("00000000-0000-0000-0000-000000000000")
        case 11: return .string(UUID().uuidString)
        case 12: return .object([("text", .string(text)), ("language", .string("es"))])
        default: return .string(["es", "und", "x-klingon", "zh-Hant", "", "EN", "es_MX", "i-klingon"].randomElement(using: &rng)!)
        }
    }

    /// A valid body, damaged 0 to 4 times in its structure and sometimes in its bytes.
    /// - Parameters:
    ///   - texts: hostile text to put in.
    static func damaged(_ body: JSON, texts: [String], using rng: inout some RandomNumberGenerator) -> [UInt8] {
        var json = body
        var next = 0
        let damages = Bool.random(using: &rng) ? 0 : Int.random(in: 1...4, using: &rng)
        func text() -> String {
            next += 1
            return texts[next % texts.count]
        }
        for _ in 0..<damages {
            let path = json.paths.randomElement(using: &rng)!
            let value = wrongValue(using: &rng, text: text())
            let key = Bool.random(using: &rng) ? text() : ["text", "language", "numberID", "templateID", "values", "phone", "transcript"]
                .randomElement(using: &rng)!
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: json = json.updating(path) { _ in value }  // a value of the wrong type
            case 1:  // a member removed
                json = json.updating(path) { node in
                    guard case .object(var members) = node, !members.isEmpty else { return node }
                    members.remove(at: Int.random(in: 0..<members.count, using: &rng))
                    return .object(members)
                }
            case 2:  // an unknown member, or a repeated key
                json = json.updating(path) { node in
                    guard case .object(var members) = node else { return node }
                    let name = members.isEmpty || Bool.random(using: &rng) ? key : members.randomElement(using: &rng)!.0
                    members.insert((name, value), at: Int.random(in: 0...members.count, using: &rng))
                    return .object(members)
                }
            case 3: json = json.updating(path) { node in if case .string = node { .string(text()) } else { node } }
            default: json = .object([("wrapped", json)])
            }
        }
        var bytes = json.bytes
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))  // truncated
        case 1, 2: Hostile.mutate(&bytes, dictionary: jsonTokens, using: &rng)
        default: break
        }
        return bytes
    }

    static let jsonTokens: [[UInt8]] = [
        "{", "}", "[", "]", ":", ",", "\"", "\\", "\\u0000", "\\ud800", "\\uDFFF", "\\x", "null", "true", "1e999", "-", "NaN",
        "/*", "//", "\u{FEFF}",
    ].map { Array($0.utf8) }

    /// One generated request.
    struct Case: CustomStringConvertible {
        /// The route, e.g. `POST /v1/conversations/:id/messages`.
        var route: String
        var method: HTTPRequest.Method
        var uri: String
        var key: String?
        var contentType: String?
        var body: [UInt8]?

        var description: String {
            "\(method) \(uri) as \(key ?? "nobody"), Content-Type \(contentType ?? "none"), body "
                + (body.map { "\($0.count) bytes: \(Fuzz.escaped($0))" } ?? "none")
        }
    }

    /// Mostly keys the service knows (Dana's most), now and then none or a wrong one.
    static let keys: [String?] =
        Array(repeating: HostileFixture.danaKey, count: 10) + Array(repeating: HostileFixture.adminKey, count: 3) + [
            HostileFixture.coreKey, HostileFixture.coreKey, HostileFixture.robKey, nil, "junk-key-0123456789abcdef", "",
        ]

    static let pathJunk = [
        "..%2F..%2Fetc%2Fpasswd", "../../etc/passwd", "%00", "%ZZ", "%", "a%2Fb", "%2e%2e", String(repeating: "a", count: 5_000),
        "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}", "not-an-id", "%C3%28", "%F0%9F%98",
        "😀", "id with spaces", "1;DROP TABLE", "",
    ]

    /// Makes the cases, from the fixture's real ids.
    static func cases(_ fixture: HostileFixture) -> Generator<Case, Shrink.None<Case>> {
        let conversation = fixture.conversation.id.uuidString
        let contact = fixture.contact.id.uuidString
        let template = fixture.template.id.uuidString
        let number = fixture.number.id.uuidString
        return Generator { rng -> Case in
            let hostile = Hostile.text()
            func text() -> String { hostile.run(using: &rng) }
            func id(_ real: String) -> String {
                switch Int.random(in: 0..<6, using: &rng) {
                case 0...2: real
                case 3: Bool.random(using: &rng) ? real.lowercased() : UUID().uuidString
                case 4: pathJunk.randomElement(using: &rng)!
                default: text().addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "x"
                }
            }
            func query(_ names: [String]) -> String {
                var parts: [String] = []
                for name in names where Bool.random(using: &rng) {
                    let value = [text(), "-5", "0", "99999999999999999999", "1e3", "2026-11-24T10:00:00Z", "%ZZ", "%00", "", UUID().uuidString]
                        .randomElement(using: &rng)!
                    parts.append(name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""))
                }
                if Int.random(in: 0..<5, using: &rng) == 0 { parts.append(pathJunk.randomElement(using: &rng)!) }
                return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
            }
            let compose: JSON =
                Bool.random(using: &rng)
                ? .object([("text", .string("Your technician is on the way, " + text()))])
                : .object([("templateID", .string(template)), ("values", .object([("first_name", .string(text()))]))])
            let routes: [(HTTPRequest.Method, String, JSON?)] = [  // method, URI, body
                (.post, "/v1/preview", .object([("text", .string("See you at 10am " + text())), ("language", .string("es"))])),
                (.post, "/v1/conversations", .object([
                    ("numberID", .string(number)), ("phone", .string(["+34600111222", "+52 55 1234 5600", text()].randomElement(using: &rng)!)),
                    ("name", .string(text())), ("language", .string("es")),
                ])),
                (.post, "/v1/conversations", .object([("numberID", .string(number)), ("contactID", .string(contact))])),
                (.post, "/v1/conversations/\(id(conversation))/preview", compose),
                (.post, "/v1/conversations/\(id(conversation))/messages", compose),
                (.post, "/v1/conversations/\(id(conversation))/read", nil),
                (.get, "/v1/conversations/\(id(conversation))/messages" + query(["after", "limit"]), nil),
                (.get, "/v1/conversations" + query(["rep", "limit", "before", "q"]), nil),
                (.get, "/v1/contacts" + query(["q"]), nil),
                (.get, "/v1/numbers" + query(["rep"]), nil),
                (.put, "/v1/contacts/\(id(contact))/language", .object([("language", .string(["fr", "es-MX", "zh-Hant"].randomElement(using: &rng)!))])),
                (.get, "/v1/templates", nil),
                (.post, "/v1/templates", .object([("name", .string("Fuzz " + text())), ("text", .string("Hi {{name}} " + text())), ("shared", .bool(false))])),
                (.put, "/v1/templates/\(id(template))", .object([("name", .string("On the way")), ("text", .string("Hi {{first_name}}, " + text()))])),
                (.delete, "/v1/templates/\(id(UUID().uuidString))", nil),
                (.post, "/v1/leads", .object([
                    ("number", .string("+14105550100")), ("phone", .string(["+525512345678", "+34600111223", text()].randomElement(using: &rng)!)),
                    ("name", .string(text())), ("source", .string("bot")),
                    ("transcript", .array([
                        .object([("speaker", .string("contact")), ("text", .string("Hola, " + text())), ("at", .string("2025-05-01T14:30:00Z"))]),
                        .object([("speaker", .string("bot")), ("text", .string("Hi! " + text()))]),
                    ])),
                ])),
            ]
            let (method, uri, body) = routes.randomElement(using: &rng)!
            // /v1/<collection>/<id>/…: the third segment is always the id.
            let route = "\(method) /" + uri.split(separator: "?")[0].split(separator: "/").enumerated()
                .map { $0.offset == 2 ? ":id" : String($0.element) }.joined(separator: "/")
            var key = keys.randomElement(using: &rng)!
            if uri == "/v1/leads", Bool.random(using: &rng) { key = HostileFixture.coreKey }
            let contentType =
                Int.random(in: 0..<8, using: &rng) == 0 ? ["text/plain", "", "application/x-www-form-urlencoded"].randomElement(using: &rng)! : "application/json"
            let texts = (0..<6).map { _ in text() }
            let bytes = body.map { damaged($0, texts: texts, using: &rng) }
            // Now and then a body on a route that takes none, or none on one that takes one.
            let sent: [UInt8]? = Int.random(in: 0..<12, using: &rng) == 0 ? (bytes == nil ? Array("{}".utf8) : nil) : bytes
            return Case(route: route, method: method, uri: uri, key: key, contentType: contentType, body: sent)
        }
    }

    @Test(arguments: HostileFixture.storeKinds) func everyRouteAnswersASuccessOrAProblemInTime(_ kind: StoreKind) async throws {
        try await HostileFixture.with(kind) { fixture in
            let app = buildApplication(try fixture.services(), logger: HostileFixture.logger)
            try await app.test(.router) { client in
                let tally = Tally()
                let report = await Fuzz.check("json api", cases: 600, input: Self.cases(fixture), describe: \.description) { request in
                    var headers = HTTPFields()
                    if let key = request.key { headers[.authorization] = "Bearer \(key)" }
                    if let type = request.contentType { headers[.contentType] = type }
                    let response = try await HostileFixture.send(client, request.method, request.uri, headers: headers, body: request.body)
                    let problem = try HostileAnswer.check(response)
                    await tally.count("\(request.route) \(response.status.code) \(problem?.title ?? "")")
                }
                #expect(report.passed)
                // The cases reach the routes' work, not only their refusals.
                let counts = await tally.counts
                #expect(counts.contains { $0.key.contains(" 200 ") || $0.key.contains(" 201 ") })
                #expect(counts.contains { $0.key.contains(" 400 ") })
                if ProcessInfo.processInfo.environment["PARLEY_FUZZ_TALLY"] != nil {
                    for (key, count) in await tally.counts.sorted(by: { $0.key < $1.key }) { print("tally \(count)\t\(key)") }
                }
            }
        }
    }

    /// How often each route answered each status (`POST /v1/preview 400 Malformed JSON`);
    /// `PARLEY_FUZZ_TALLY=1` prints it.
    actor Tally {
        var counts: [String: Int] = [:]
        func count(_ key: String) { counts[key, default: 0] += 1 }
    }

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
