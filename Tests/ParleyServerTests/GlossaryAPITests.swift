import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyGlossary
import ParleyLanguage
import ParleyServer
import ParleyThreads
import ParleyTranslation
import Testing

/// The admin glossary API over a glossary folder in a temporary directory (the shipped HVAC
/// glossary copied in), a real SQLite store and the real APy.
@Suite(.serialized) struct GlossaryAPITests {
    struct Fixture {
        let folder: URL
        let glossaries: URL
        let store: SQLiteThreadStore
        let shelf: GlossaryShelf
        let services: ParleyServices
        static let repKey = "dana-key-0123456789abcdef"
        static let adminKey = "admin-key-0123456789abcdef"
        static let coreKey = "core-key-0123456789abcdef"

        /// - Parameter backendDown: translate through a refused port instead of the real APy, for
        ///   tests that never translate.
        init(backendDown: Bool = false) async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-glossary-api-\(UUID())")
            glossaries = folder.appendingPathComponent("glossaries")
            try FileManager.default.createDirectory(at: glossaries, withIntermediateDirectories: true)
            let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("glossaries/hvac.tbx")
            try FileManager.default.copyItem(at: shipped, to: glossaries.appendingPathComponent("hvac.tbx"))
            store = SQLiteThreadStore(database: try ParleyDatabase(path: folder.appendingPathComponent("parley.sqlite").path))
            _ = try await store.createRep(name: "Dana", email: "dana@example.com", role: .rep)
            _ = try await store.createRep(name: "Ana", email: "ana@example.com", role: .admin)
            shelf = try GlossaryShelf(loading: GlossaryLibrary(directory: glossaries), industry: "hvac")
            services = ParleyServices(
                pipeline: try ThreadFixture.pipeline(down: backendDown).using(shelf.current), store: store, sender: LogSender(quiet: true),
                access: try AccessKeys(
                    parsing: "core=\(Self.coreKey),rep:dana@example.com=\(Self.repKey),admin:ana@example.com=\(Self.adminKey)"),
                glossaries: shelf)
        }

        func app() -> some ApplicationProtocol { buildApplication(services) }

        /// The bytes of a glossary file; nil when there is none.
        func file(_ industry: String) -> Data? {
            try? Data(contentsOf: glossaries.appendingPathComponent("\(industry).tbx"))
        }

        func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    }

    /// A glossary as `GET /v1/glossaries/:industry` answers it.
    struct Document: Decodable {
        var industry: String
        var version: String
        var concepts: [Concept]
    }

    static func headers(_ key: String?, contentType: String = "application/json") -> HTTPFields {
        var headers = HTTPFields()
        if let key { headers[.authorization] = "Bearer \(key)" }
        headers[.contentType] = contentType
        return headers
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8)) as? [String: Any])
    }

    static func document(_ client: some TestClientProtocol, _ industry: String) async throws -> Document {
        try await client.execute(uri: "/v1/glossaries/\(industry)", method: .get, headers: headers(Fixture.repKey)) { response in
            try #require(response.status == .ok)
            return try JSONDecoder().decode(Document.self, from: Data(String(buffer: response.body).utf8))
        }
    }

    /// A new concept: "comfort club" ↔ "Club Confort Parley", which no MT engine would write by itself.
    static let comfortClub = #"""
        {"id": "hvac-comfort-club", "partOfSpeech": "noun", "definition": "The company's maintenance plan.",
         "terms": {"en": [{"text": "comfort club", "status": "preferred"}, {"text": "comfort plan", "status": "admitted"}],
                   "es": [{"text": "Club Confort Parley", "status": "preferred"}, {"text": "club de confort", "status": "forbidden"}]}}
        """#

    @Test func everySignedInCallerReadsTheGlossaries() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        try await fixture.app().test(.router) { client in
            try await client.execute(uri: "/v1/glossaries", method: .get, headers: Self.headers(Fixture.repKey)) { response throws in
                #expect(response.status == .ok)
                let body = try Self.json(response.body)
                #expect(body["translating"] as? String == "hvac")
                let list = try #require(body["glossaries"] as? [[String: Any]])
                let hvac = try #require(list.first { $0["industry"] as? String == "hvac" })
                #expect(hvac["concepts"] as? Int == 59)
                #expect((hvac["version"] as? String)?.hasPrefix("sha256:") == true)
                #expect(hvac["enforced"] as? Bool == true)
            }
            let document = try await Self.document(client, "hvac")
            #expect(document.concepts.count == 59)
            let heatPump = try #require(document.concepts.first { $0.id == "hvac-heat-pump" })
            #expect(heatPump.preferredTerm(in: LanguageTag("es")!)?.text == "bomba de calor")
            try await client.execute(uri: "/v1/glossaries/hvac", method: .get, headers: Self.headers(Fixture.coreKey)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"\(document.version)\"")
            }
            try await client.execute(uri: "/v1/glossaries/hvac", method: .get, headers: Self.headers(nil)) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/glossaries/plumbing", method: .get, headers: Self.headers(Fixture.repKey)) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: "/v1/glossaries/plumbing/export", method: .get, headers: Self.headers(Fixture.repKey)) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func anAdminsNewConceptIsSavedExportedLoggedAndUsedByTranslations() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let preview = #"{"text": "Your comfort club visit is tomorrow.", "language": "es"}"#
        try await fixture.app().test(.router) { client in
            let before = try await Self.document(client, "hvac")
            try await client.execute(uri: "/v1/preview", method: .post, headers: Self.headers(Fixture.repKey), body: ByteBuffer(string: preview)) {
                response throws in
                #expect(response.status == .ok)
                #expect(!(try Self.json(response.body)["text"] as? String ?? "").contains("Club Confort Parley"))
            }

            let version = try await client.execute(
                uri: "/v1/glossaries/hvac/concepts", method: .post, headers: Self.headers(Fixture.adminKey),
                body: ByteBuffer(string: Self.comfortClub)
            ) { response throws in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/v1/glossaries/hvac/concepts/hvac-comfort-club")
                let body = try Self.json(response.body)
                #expect(body["previousVersion"] as? String == before.version)
                #expect((body["changes"] as? [String])?.first?.hasPrefix("hvac-comfort-club: added") == true)
                #expect((body["concept"] as? [String: Any])?["id"] as? String == "hvac-comfort-club")
                return try #require(body["version"] as? String)
            }
            #expect(version != before.version)

            let after = try await Self.document(client, "hvac")
            #expect(after.version == version)
            #expect(after.concepts.count == 60)
            #expect(after.concepts.last?.preferredTerm(in: LanguageTag("es")!)?.text == "Club Confort Parley")

            // The exports hold it, with their content types and file names.
            try await client.execute(uri: "/v1/glossaries/hvac/export?format=csv", method: .get, headers: Self.headers(Fixture.repKey)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"hvac.csv\"")
                #expect(String(buffer: response.body).contains("comfort club"))
                #expect(String(buffer: response.body).contains("Club Confort Parley"))
            }
            try await client.execute(uri: "/v1/glossaries/hvac/export", method: .get, headers: Self.headers(Fixture.repKey)) { response in
                #expect(response.headers[.contentType] == "application/x-tbx")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"hvac.tbx\"")
                #expect(String(buffer: response.body).contains(#"<conceptEntry id="hvac-comfort-club">"#))
            }
            try await client.execute(uri: "/v1/glossaries/hvac/export?format=tsv", method: .get, headers: Self.headers(Fixture.repKey)) { response in
                #expect(response.headers[.contentType] == "text/tab-separated-values; charset=utf-8")
                #expect(String(buffer: response.body).contains("comfort club\t"))
            }

            // The service's translations enforce the new version at once.
            #expect(fixture.services.currentPipeline.glossary?.versions["hvac"]?.identifier == version)
            try await client.execute(uri: "/v1/preview", method: .post, headers: Self.headers(Fixture.repKey), body: ByteBuffer(string: preview)) {
                response throws in
                #expect(response.status == .ok)
                let text = try Self.json(response.body)["text"] as? String ?? ""
                #expect(text.contains("Club Confort Parley"), "preview: \(text)")
            }

            // Both change logs name the admin.
            try await client.execute(uri: "/v1/glossaries/hvac/changes?limit=5", method: .get, headers: Self.headers(Fixture.repKey)) {
                response throws in
                #expect(response.status == .ok)
                let entries = try #require(try Self.json(response.body)["changes"] as? [[String: Any]])
                #expect(entries.count == 1)
                #expect(entries.first?["by"] as? String == "ana@example.com")
                #expect(entries.first?["action"] as? String == "create concept")
                #expect(entries.first?["from"] as? String == before.version)
                #expect(entries.first?["to"] as? String == version)
            }
        }
        let stored = try await fixture.store.glossaryChanges(industry: "hvac", limit: 10)
        #expect(stored.map(\.author) == ["ana@example.com"])
        #expect(stored.first?.version == fixture.shelf.current?.versions["hvac"]?.identifier)
        #expect(stored.first?.detail.contains("hvac-comfort-club: added") == true)
    }

    @Test func repsAndTheCoreGet403AndTheGlossaryStaysAsItWas() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let file = fixture.file("hvac")
        try await fixture.app().test(.router) { client in
            let edits: [(String, HTTPRequest.Method)] = [
                ("/v1/glossaries/hvac/concepts", .post), ("/v1/glossaries/hvac/concepts/hvac-heat-pump", .put),
                ("/v1/glossaries/hvac/concepts/hvac-heat-pump", .delete), ("/v1/glossaries/hvac/import", .post),
            ]
            for key in [Fixture.repKey, Fixture.coreKey] {
                for (uri, method) in edits {
                    let contentType = uri.hasSuffix("import") ? "text/csv" : "application/json"
                    let body = uri.hasSuffix("import") ? "en,es\nwidget,artilugio\n" : Self.comfortClub
                    try await client.execute(
                        uri: uri, method: method, headers: Self.headers(key, contentType: contentType), body: ByteBuffer(string: body)
                    ) { response throws in
                        #expect(response.status == .forbidden, "\(method) \(uri)")
                        let problem = try Self.json(response.body)
                        #expect(problem["detail"] as? String == "Only admins edit glossaries; reps and the messaging core may read them.")
                    }
                }
            }
            try await client.execute(uri: "/v1/glossaries/hvac/changes", method: .get, headers: Self.headers(Fixture.repKey)) {
                response throws in
                #expect(try Self.json(response.body)["changes"] as? [Any] != nil)
                #expect((try Self.json(response.body)["changes"] as? [Any])?.isEmpty == true)
            }
        }
        #expect(fixture.file("hvac") == file)
        #expect(try await fixture.store.glossaryChanges(industry: nil, limit: 10).isEmpty)
    }

    @Test func editsAndDeletesMakeNewVersionsAndStaleOnesAre409() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        try await fixture.app().test(.router) { client in
            let original = try await Self.document(client, "hvac")
            var heatPump = try #require(original.concepts.first { $0.id == "hvac-heat-pump" })
            heatPump.definition = "Moves heat in or out of the home."
            let edit = String(decoding: try JSONEncoder().encode(heatPump), as: UTF8.self)

            var ifMatch = Self.headers(Fixture.adminKey)
            ifMatch[.ifMatch] = "\"\(original.version)\""
            let edited = try await client.execute(
                uri: "/v1/glossaries/hvac/concepts/hvac-heat-pump", method: .put, headers: ifMatch, body: ByteBuffer(string: edit)
            ) { response throws in
                #expect(response.status == .ok)
                let body = try Self.json(response.body)
                #expect(body["changes"] as? [String] == ["hvac-heat-pump: definition changed"])
                return try #require(body["version"] as? String)
            }
            #expect(edited != original.version)

            // A second admin still on the original version is refused, by header or by field.
            heatPump.definition = "Something else."
            var stale = String(decoding: try JSONEncoder().encode(heatPump), as: UTF8.self)
            stale.removeLast()
            stale += #", "baseVersion": "\#(original.version)"}"#
            try await client.execute(
                uri: "/v1/glossaries/hvac/concepts/hvac-heat-pump", method: .put, headers: Self.headers(Fixture.adminKey),
                body: ByteBuffer(string: stale)
            ) { response throws in
                #expect(response.status == .conflict)
                #expect((try Self.json(response.body)["detail"] as? String)?.contains(edited) == true)
            }
            try await client.execute(uri: "/v1/glossaries/hvac/concepts/hvac-furnace", method: .delete, headers: ifMatch) { response in
                #expect(response.status == .conflict)
            }
            #expect(try await Self.document(client, "hvac").version == edited)

            // With the current version, the delete goes through.
            let deleted = try await client.execute(
                uri: "/v1/glossaries/hvac/concepts/hvac-furnace?baseVersion=\(edited)", method: .delete, headers: Self.headers(Fixture.adminKey)
            ) { response throws in
                #expect(response.status == .ok)
                let body = try Self.json(response.body)
                #expect(body["previousVersion"] as? String == edited)
                #expect(body["changes"] as? [String] == ["hvac-furnace: removed"])
                return try #require(body["version"] as? String)
            }
            let now = try await Self.document(client, "hvac")
            #expect(now.version == deleted)
            #expect(now.concepts.count == 58)
            #expect(!now.concepts.contains { $0.id == "hvac-furnace" })
            #expect(now.concepts.first { $0.id == "hvac-heat-pump" }?.definition == "Moves heat in or out of the home.")

            try await client.execute(uri: "/v1/glossaries/hvac/concepts/hvac-furnace", method: .delete, headers: Self.headers(Fixture.adminKey)) {
                response in
                #expect(response.status == .notFound)
            }
            try await client.execute(
                uri: "/v1/glossaries/hvac/concepts", method: .post, headers: Self.headers(Fixture.adminKey), body: ByteBuffer(string: edit)
            ) { response in
                #expect(response.status == .conflict)  // the id is taken
            }

            try await client.execute(uri: "/v1/glossaries/hvac/changes?limit=2", method: .get, headers: Self.headers(Fixture.repKey)) {
                response throws in
                let entries = try #require(try Self.json(response.body)["changes"] as? [[String: Any]])
                #expect(entries.map { $0["action"] as? String } == ["delete concept", "edit concept"])  // newest first
                #expect(entries.allSatisfy { $0["by"] as? String == "ana@example.com" })
            }
        }
        #expect(try await fixture.store.glossaryChanges(industry: "hvac", limit: 10).map(\.action) == ["edit concept", "delete concept"])
    }

    @Test func aCSV2TBXFileImportsAsItIsOnceItsLanguageIsNamed() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let file = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ParleyGlossaryTests/Fixtures/hvac-terms.tbx"))
        try await fixture.app().test(.router) { client in
            // A new industry's glossary from a termbase. translate-toolkit's csv2tbx marks its target
            // terms xx: refused with what to do…
            try await client.execute(
                uri: "/v1/glossaries/termbase/import", method: .post, headers: Self.headers(Fixture.adminKey, contentType: "application/x-tbx"),
                body: ByteBuffer(bytes: file)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("xx"))
            }
            // …and imported as it is once the request names the language.
            try await client.execute(
                uri: "/v1/glossaries/termbase/import?language=es", method: .post,
                headers: Self.headers(Fixture.adminKey, contentType: "application/x-tbx"), body: ByteBuffer(bytes: file)
            ) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let body = try Self.json(response.body)
                #expect((body["added"] as? Int ?? 0) > 0)
            }
            let document = try await Self.document(client, "termbase")
            #expect(document.concepts.contains { $0.terms[LanguageTag("es")!]?.contains { $0.text == "conductos" } == true })
        }
    }

    @Test func anInvalidConceptIs422WithTheValidatorsIssues() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let file = fixture.file("hvac")
        let twoPreferred = #"""
            {"terms": {"en": [{"text": "blower"}], "es": [{"text": "soplador"}, {"text": "ventilador", "status": "preferred"}]}}
            """#
        let conflicting = #"{"id": "hvac-heat-pump-2", "terms": {"en": [{"text": "heat pump"}]}}"#
        try await fixture.app().test(.router) { client in
            for body in [twoPreferred, conflicting] {
                try await client.execute(
                    uri: "/v1/glossaries/hvac/concepts", method: .post, headers: Self.headers(Fixture.adminKey), body: ByteBuffer(string: body)
                ) { response throws in
                    #expect(response.status == .unprocessableContent)
                    let problem = try Self.json(response.body)
                    let issues = try #require(problem["issues"] as? [[String: Any]])
                    #expect(!issues.isEmpty)
                    #expect((problem["detail"] as? String)?.hasPrefix("Nothing was saved") == true)
                }
            }
            try await client.execute(
                uri: "/v1/glossaries/hvac/concepts", method: .post, headers: Self.headers(Fixture.adminKey),
                body: ByteBuffer(string: #"{"terms": {"not a tag!": [{"text": "x"}]}}"#)
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(fixture.file("hvac") == file)
    }

    @Test func importsMergeOrReplaceAndABadFileSavesNothing() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let file = fixture.file("hvac")
        let csv = "en,es,pos\nblower wheel,rueda del ventilador,noun\nzone damper,compuerta de zona,nounish\n"
        try await fixture.app().test(.router) { client in
            let version = try await Self.document(client, "hvac").version
            try await client.execute(
                uri: "/v1/glossaries/hvac/import", method: .post, headers: Self.headers(Fixture.adminKey, contentType: "text/csv"),
                body: ByteBuffer(string: csv)
            ) { response throws in
                #expect(response.status == .unprocessableContent)
                let problem = try Self.json(response.body)
                let issues = try #require(problem["issues"] as? [[String: Any]])
                #expect(issues.count == 1)
                #expect(issues.first?["line"] as? Int == 3)
                #expect(issues.first?["term"] as? String == "nounish")
                #expect((problem["detail"] as? String)?.contains("upload.csv:3") == true)
            }
            #expect(try await Self.document(client, "hvac").version == version)

            try await client.execute(
                uri: "/v1/glossaries/hvac/import", method: .post, headers: Self.headers(Fixture.adminKey, contentType: "application/pdf"),
                body: ByteBuffer(string: csv)
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            try await client.execute(
                uri: "/v1/glossaries/hvac/import?mode=overwrite", method: .post, headers: Self.headers(Fixture.adminKey, contentType: "text/csv"),
                body: ByteBuffer(string: csv)
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(fixture.file("hvac") == file)
        #expect(try await fixture.store.glossaryChanges(industry: nil, limit: 10).isEmpty)

        // A good file merges; a TSV in replace mode becomes the whole glossary.
        try await fixture.app().test(.router) { client in
            let good = "en,es,pos\nblower wheel,rueda del ventilador,noun\nheat pump,bomba de calor,\n"
            try await client.execute(
                uri: "/v1/glossaries/hvac/import", method: .post, headers: Self.headers(Fixture.adminKey, contentType: "text/csv; charset=utf-8"),
                body: ByteBuffer(string: good)
            ) { response throws in
                #expect(response.status == .ok)
                let body = try Self.json(response.body)
                #expect(body["mode"] as? String == "merge")
                #expect(body["added"] as? Int == 1)
                #expect(body["changed"] as? Int == 0)
                #expect(body["removed"] as? Int == 0)
            }
            #expect(try await Self.document(client, "hvac").concepts.count == 60)
            try await client.execute(
                uri: "/v1/glossaries/hvac/import?mode=replace", method: .post,
                headers: Self.headers(Fixture.adminKey, contentType: "text/tab-separated-values"),
                body: ByteBuffer(string: "en\tes\nheat pump\tbomba de calor\n")
            ) { response throws in
                #expect(response.status == .ok)
                let body = try Self.json(response.body)
                #expect(body["mode"] as? String == "replace")
                // The file's one row keeps its concept's id (hvac-heat-pump); the 59 others go.
                #expect(body["removed"] as? Int == 59)
                #expect(body["changed"] as? Int == 1)
                #expect(body["added"] as? Int == 0)
            }
            #expect(try await Self.document(client, "hvac").concepts.count == 1)
        }
        #expect(try await fixture.store.glossaryChanges(industry: "hvac", limit: 10).map(\.action) == ["import csv (merge)", "import tsv (replace)"])
    }

    @Test func aTBXExportImportsIntoAnotherIndustryWithTheSameConcepts() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        try await fixture.app().test(.router) { client in
            let tbx = try await client.execute(uri: "/v1/glossaries/hvac/export?format=tbx", method: .get, headers: Self.headers(Fixture.adminKey)) {
                response in
                #expect(response.status == .ok)
                return response.body
            }
            try await client.execute(
                uri: "/v1/glossaries/hvac-copy/import?mode=replace", method: .post,
                headers: Self.headers(Fixture.adminKey, contentType: "application/x-tbx"), body: tbx
            ) { response throws in
                #expect(response.status == .ok)
                let body = try Self.json(response.body)
                #expect(body["added"] as? Int == 59)
                #expect(body["previousVersion"] == nil)  // a new glossary
            }
            let original = try await Self.document(client, "hvac")
            let copy = try await Self.document(client, "hvac-copy")
            #expect(copy.industry == "hvac-copy")
            #expect(copy.concepts == original.concepts)

            // Importing the same file again changes nothing.
            try await client.execute(
                uri: "/v1/glossaries/hvac-copy/import", method: .post, headers: Self.headers(Fixture.adminKey, contentType: "application/xml"), body: tbx
            ) { response throws in
                #expect(response.status == .ok)
                let body = try Self.json(response.body)
                #expect(body["version"] as? String == copy.version)
                #expect(body["changes"] as? [String] == [])
            }
        }
        #expect(fixture.file("hvac-copy") != nil)
    }

    @Test func industryNamesCannotLeaveTheGlossaryFolder() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        let before = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).sorted()
        try await fixture.app().test(.router) { client in
            for industry in ["..%2Fevil", "%2E%2E", "..", "HVAC", "hvac_1", "-hvac", "evil%2Fpath"] {
                try await client.execute(
                    uri: "/v1/glossaries/\(industry)/concepts", method: .post, headers: Self.headers(Fixture.adminKey),
                    body: ByteBuffer(string: Self.comfortClub)
                ) { response in
                    #expect([.badRequest, .notFound].contains(response.status), "\(industry): \(response.status)")
                }
                try await client.execute(
                    uri: "/v1/glossaries/\(industry)/import", method: .post, headers: Self.headers(Fixture.adminKey, contentType: "text/csv"),
                    body: ByteBuffer(string: "en,es\nwidget,artilugio\n")
                ) { response in
                    #expect([.badRequest, .notFound].contains(response.status), "\(industry): \(response.status)")
                }
                try await client.execute(uri: "/v1/glossaries/\(industry)", method: .get, headers: Self.headers(Fixture.repKey)) { response in
                    #expect([.badRequest, .notFound].contains(response.status), "\(industry): \(response.status)")
                }
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).sorted() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.glossaries.path) == ["hvac.tbx"])
    }

    @Test func simultaneousEditsBothLand() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        try await fixture.app().test(.router) { client in
            let terms = ["zone damper": "compuerta de zona", "blower wheel": "rueda del ventilador", "drain pan": "bandeja de drenaje"]
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for (english, spanish) in terms {
                    let body = #"{"terms": {"en": [{"text": "\#(english)"}], "es": [{"text": "\#(spanish)"}]}}"#
                    group.addTask {
                        try await client.execute(
                            uri: "/v1/glossaries/hvac/concepts", method: .post, headers: Self.headers(Fixture.adminKey),
                            body: ByteBuffer(string: body)
                        ) { $0.status }
                    }
                }
                for try await status in group { #expect(status == .created) }
            }
            let document = try await Self.document(client, "hvac")
            #expect(document.concepts.count == 62)
            #expect(Set(document.concepts.suffix(3).map(\.id)) == ["hvac-zone-damper", "hvac-blower-wheel", "hvac-drain-pan"])
        }
        #expect(try await fixture.store.glossaryChanges(industry: "hvac", limit: 10).count == 3)
    }

    @Test func withoutAGlossaryFolderTheRoutesAnswer503() async throws {
        let fixture = try await Fixture()
        defer { fixture.cleanUp() }
        var services = fixture.services
        services.glossaries = nil
        try await buildApplication(services).test(.router) { client in
            try await client.execute(uri: "/v1/glossaries", method: .get, headers: Self.headers(Fixture.repKey)) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }
}
