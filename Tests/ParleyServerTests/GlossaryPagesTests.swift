import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyGlossary
import ParleyLanguage
import ParleyServer
import ParleyThreads
import ParleyTranslation
import Testing

/// The admins' glossary editor in the web panel, through the router, over a glossary folder in a
/// temporary directory (the shipped HVAC glossary copied in) and a real SQLite store: who may open
/// it, search, editing through the forms (the same path as the JSON API), CSRF, stale forms,
/// escaping, deleting and the history.
@Suite(.serialized) struct GlossaryPagesTests {
    typealias Fixture = GlossaryAPITests.Fixture
    typealias Browser = WebTests.Browser

    /// The fixture, translating through a refused port: these pages never translate.
    static func fixture() async throws -> Fixture { try await Fixture(backendDown: true) }

    static func get(_ client: some TestClientProtocol, _ path: String, _ browser: Browser? = nil) async throws -> WebTests.Reply {
        try await WebTests.send(client, path, headers: browser?.headers ?? [:])
    }

    /// Posts a form as the browser would (`fields` already carry the `csrf` field, or not).
    static func post(_ client: some TestClientProtocol, _ path: String, _ browser: Browser, _ fields: [(String, String)]) async throws
        -> WebTests.Reply
    {
        var headers = browser.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await WebTests.send(client, path, .post, headers: headers, body: WebTests.form(fields))
    }

    static func admin(_ client: some TestClientProtocol) async throws -> Browser {
        try await WebTests.signIn(client, email: "ana@example.com", key: Fixture.adminKey)
    }

    // MARK: - Reading a form off a page

    /// A page's form as a browser would submit it unchanged: its text and hidden inputs, checked
    /// boxes and radios, selects and text areas, in page order (the `<template>` rows left out).
    struct Form {
        var fields: [(name: String, value: String)]

        subscript(name: String) -> String? {
            get { fields.first { $0.name == name }?.value }
            set {
                if let index = fields.firstIndex(where: { $0.name == name }) {
                    if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
                } else if let newValue {
                    fields.append((name, newValue))
                }
            }
        }

        /// The row number of the term `text` in language `language`, if the form has it.
        func row(language: String, text: String) -> String? {
            for field in fields where field.name.hasPrefix("term.") && field.name.hasSuffix(".text") && field.value == text {
                let row = field.name.dropFirst("term.".count).dropLast(".text".count)
                if self["term.\(row).lang"] == language { return String(row) }
            }
            return nil
        }

        /// The row number of the first blank row that adds a term.
        var blankRow: String? {
            fields.first { $0.name.hasPrefix("term.") && $0.name.hasSuffix(".text") && $0.value.isEmpty }
                .map { String($0.name.dropFirst("term.".count).dropLast(".text".count)) }
        }

        var pairs: [(String, String)] { fields.map { ($0.name, $0.value) } }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        RouteScan.matches(#"\s\#(name)="([^"]*)""#, in: tag).first.map { unescape($0[1]) }
    }

    static func form(_ id: String, in html: String) throws -> Form {
        var body = try #require(RouteScan.matches(#"(?s)<form[^>]*\sid="\#(id)"[^>]*>(.*?)</form>"#, in: html).first?[1], "no form \(id)")
        body = body.replacingOccurrences(of: #"(?s)<template.*?</template>"#, with: "", options: .regularExpression)
        var fields: [(String, String)] = []
        for match in RouteScan.matches(#"(?s)<(input|select|textarea)\b([^>]*)>(?:(.*?)</\1>)?"#, in: body) {
            let (kind, tag, content) = (match[1], match[2], match[3])
            guard let name = attribute("name", in: tag) else { continue }
            switch kind {
            case "input":
                let type = attribute("type", in: tag) ?? "text"
                if type == "checkbox" || type == "radio" {
                    if tag.contains(" checked") { fields.append((name, attribute("value", in: tag) ?? "on")) }
                } else if type != "file" {
                    fields.append((name, attribute("value", in: tag) ?? ""))
                }
            case "select":
                let options = RouteScan.matches(#"<option\b([^>]*)>"#, in: content).map { $0[1] }
                if let chosen = options.first(where: { $0.contains(" selected") }) ?? options.first {
                    fields.append((name, attribute("value", in: chosen) ?? ""))
                }
            default:
                fields.append((name, unescape(content)))
            }
        }
        return Form(fields: fields)
    }

    // MARK: - Who may open the editor

    static let pages = [
        "/admin/glossaries", "/admin/glossaries/hvac", "/admin/glossaries/hvac?q=bomba", "/admin/glossaries/hvac/history",
        "/admin/glossaries/hvac/concepts/new", "/admin/glossaries/hvac/concepts/hvac-heat-pump",
        "/admin/glossaries/hvac/concepts/hvac-heat-pump/delete",
    ]

    @Test func adminsSeeTheEditorRepsGetA403PageAndStrangersAreSentToSignIn() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.cleanUp() }
        let file = fixture.file("hvac")
        try await fixture.app().test(.router) { client in
            let admin = try await Self.admin(client)
            for path in Self.pages {
                let page = try await Self.get(client, path, admin)
                #expect(page.status == .ok, "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self';") == true, "\(path)")
                #expect(RouteScan.matches(#"<script(?![^>]*\ssrc=)"#, in: page.body).isEmpty, "inline script on \(path)")
                #expect(!page.body.contains(" style=") && !page.body.contains("<style"), "inline style on \(path)")
                #expect(RouteScan.matches(#"\son[a-z]+="#, in: page.body).isEmpty, "event handler attribute on \(path)")
                #expect(page.body.contains("<script src=\"/assets/admin.js?v="), "\(path)")
                #expect(page.body.contains("<link rel=\"stylesheet\" href=\"/assets/admin.css?v="), "\(path)")
                #expect(!page.body.contains("{{"), "an unrendered tag on \(path)")
            }
            let list = try await Self.get(client, "/admin/glossaries", admin).body
            #expect(list.contains("href=\"/admin/glossaries/hvac\""))
            #expect(list.contains("59 concepts"))
            #expect(list.contains("enforced"))
            let hvac = try await Self.get(client, "/admin/glossaries/hvac", admin).body
            #expect(hvac.contains("bomba de calor"))
            #expect(hvac.contains("href=\"/admin/glossaries/hvac/concepts/hvac-heat-pump\""))
            for format in ["tbx", "csv", "tsv"] { #expect(hvac.contains("href=\"/v1/glossaries/hvac/export?format=\(format)\"")) }
            #expect(hvac.contains("id=\"import-form\""))
            #expect(hvac.contains("href=\"/admin/glossaries/hvac/history\""))
            // The export links work with the session cookie alone.
            let export = try await Self.get(client, "/v1/glossaries/hvac/export?format=csv", admin)
            #expect(export.status == .ok)
            #expect(export.body.contains("heat pump"))

            let rep = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.repKey)
            for path in Self.pages {
                let page = try await Self.get(client, path, rep)
                #expect(page.status == .forbidden, "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(page.body.contains("Admins only"), "\(path)")
                #expect(!page.body.contains("bomba de calor"), "\(path)")
            }
            // A rep's form, CSRF token and all, changes nothing.
            let posted = try await Self.post(
                client, "/admin/glossaries/hvac/concepts/hvac-furnace/delete", rep, [("csrf", rep.csrf)])
            #expect(posted.status == .forbidden)
            #expect(posted.body.contains("Admins only"))

            for path in Self.pages {
                let page = try await Self.get(client, path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.headers[.location] == "/sign-in", "\(path)")
            }
            let anonymous = try await WebTests.send(
                client, "/admin/glossaries/hvac/concepts/hvac-furnace/delete", .post, headers: WebTests.formHeaders, body: "")
            #expect(anonymous.headers[.location] == "/sign-in")

            // Unknown glossaries and concepts are 404 pages; names that are not glossary names, 400.
            #expect(try await Self.get(client, "/admin/glossaries/plumbing", admin).status == .notFound)
            #expect(try await Self.get(client, "/admin/glossaries/hvac/concepts/hvac-nothing", admin).status == .notFound)
            #expect([.badRequest, .notFound].contains(try await Self.get(client, "/admin/glossaries/..%2Fetc", admin).status))
        }
        #expect(fixture.file("hvac") == file)
    }

    @Test func searchFindsTermsInAnyLanguageNotesAndIdsIgnoringCaseAndAccents() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.cleanUp() }
        try await fixture.app().test(.router) { client in
            let admin = try await Self.admin(client)
            func ids(_ query: String) async throws -> [String] {
                let page = try await Self.get(client, "/admin/glossaries/hvac?q=\(query)", admin)
                #expect(page.status == .ok)
                return RouteScan.matches(#"<li class="concept" id="concept-([a-z0-9-]+)">"#, in: page.body).map { $0[1] }
            }
            #expect(try await ids("BOMBA") == ["hvac-heat-pump"])  // Spanish, any case
            #expect(try await ids("no%20enfria") == ["hvac-not-cooling"])  // without its accent
            #expect(try await ids("hvac-furnace") == ["hvac-furnace"])  // the id
            #expect(try await ids("scheduled%20visit") == ["hvac-appointment"])  // the note
            #expect(try await ids("nothing-like-this").isEmpty)
            let page = try await Self.get(client, "/admin/glossaries/hvac?q=bomba", admin).body
            #expect(page.contains("1 of 59 concepts match"))
            #expect(page.contains("value=\"bomba\""), "the search box keeps the query")
            // English and one other language, or all of them.
            let spanish = try await Self.get(client, "/admin/glossaries/hvac?q=bomba&lang=es", admin).body
            #expect(spanish.contains("<dd lang=\"es\">"))
            #expect(!spanish.contains("<dd lang=\"fr\">"))
            #expect(page.contains("<dd lang=\"fr\">"))
        }
    }

    // MARK: - Editing

    @Test func anEditThroughTheFormChangesTheGlossaryAndTheAPIShowsIt() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.cleanUp() }
        let path = "/admin/glossaries/hvac/concepts/hvac-heat-pump"
        try await fixture.app().test(.router) { client in
            let admin = try await Self.admin(client)
            let before = try await GlossaryAPITests.document(client, "hvac")
            var form = try Self.form("concept-form", in: try await Self.get(client, path, admin).body)
            #expect(form["csrf"] == admin.csrf)
            #expect(form["baseVersion"] == before.version)
            #expect(form["definition"]?.isEmpty == false)
            let spanish = try #require(form.row(language: "es", text: "bomba de calor"))
            #expect(form["term.\(spanish).status"] == "preferred")
            form["term.\(spanish).text"] = "bomba térmica Parley"
            // Remove an English variant, and add a German term in a blank row.
            let variant = try #require(form.row(language: "en", text: "heatpump"))
            form["term.\(variant).remove"] = "on"
            let blank = try #require(form.blankRow)
            form["term.\(blank).lang"] = "de"
            form["term.\(blank).text"] = "Wärmepumpe"

            let saved = try await Self.post(client, path, admin, form.pairs)
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            #expect(location.hasPrefix(path + "?saved=sha256"))

            // The JSON API, and the translations, have the new version.
            let after = try await GlossaryAPITests.document(client, "hvac")
            #expect(after.version != before.version)
            let concept = try #require(after.concepts.first { $0.id == "hvac-heat-pump" })
            #expect(concept.preferredTerm(in: LanguageTag("es")!)?.text == "bomba térmica Parley")
            #expect(concept.terms[LanguageTag("es")!]?.map(\.text) == ["bomba térmica Parley", "bombas de calor"])
            #expect(concept.terms[LanguageTag("en")!]?.map(\.text) == ["heat pump", "heat pumps"])
            #expect(concept.preferredTerm(in: LanguageTag("de")!)?.text == "Wärmepumpe")
            #expect(concept.definition == before.concepts.first { $0.id == "hvac-heat-pump" }?.definition)
            #expect(fixture.services.currentPipeline.glossary?.versions["hvac"]?.identifier == after.version)

            // Post/Redirect/Get: the page says what the save did.
            let page = try await Self.get(client, location, admin)
            #expect(page.status == .ok)
            #expect(page.body.contains("role=\"status\""))
            #expect(page.body.contains("Saved (edit concept) as version \(after.version). Translations use it from now on."))
            #expect(page.body.contains("hvac-heat-pump: es: added &#39;bomba térmica Parley&#39; (preferred)"))
            #expect(page.body.contains("hvac-heat-pump: en: removed &#39;heatpump&#39;"))
            #expect(try Self.form("concept-form", in: page.body)["baseVersion"] == after.version)

            // Saving the form unchanged changes nothing and says so.
            let again = try await Self.post(client, path, admin, try Self.form("concept-form", in: page.body).pairs)
            #expect(again.headers[.location] == path + "?unchanged=1")
            #expect(try await GlossaryAPITests.document(client, "hvac").version == after.version)
        }
        let stored = try await fixture.store.glossaryChanges(industry: "hvac", limit: 10)
        #expect(stored.map(\.author) == ["ana@example.com"])
        #expect(stored.map(\.action) == ["edit concept"])
    }

    @Test func aFormWithoutTheCSRFTokenIs403AndChangesNothing() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.cleanUp() }
        let file = fixture.file("hvac")
        let path = "/admin/glossaries/hvac/concepts/hvac-heat-pump"
        try await fixture.app().test(.router) { client in
            let admin = try await Self.admin(client)
            var form = try Self.form("concept-form", in: try await Self.get(client, path, admin).body)
            form["term.\(try #require(form.row(language: "es", text: "bomba de calor"))).text"] = "forjado"
            var forged = form
            forged["csrf"] = nil
            #expect(try await Self.post(client, path, admin, forged.pairs).status == .forbidden)
            forged["csrf"] = "not-the-token"
            #expect(try await Self.post(client, path, admin, forged.pairs).status == .forbidden)
            let other = try await WebTests.signIn(client, email: "ana@example.com", key: Fixture.adminKey)
            forged["csrf"] = other.csrf
            #expect(try await Self.post(client, path, admin, forged.pairs).status == .forbidden, "another session's token")
            #expect(
                try await Self.post(client, "/admin/glossaries/hvac/concepts/hvac-furnace/delete", admin, [("baseVersion", "")]).status
                    == .forbidden)
        }
        #expect(fixture.file("hvac") == file)
        #expect(try await fixture.store.glossaryChanges(industry: nil, limit: 10).isEmpty)
    }

    @Test func aStaleFormShowsTheCurrentVersionWhoChangedWhatAndTheUnsavedEdit() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.cleanUp() }
        let path = "/admin/glossaries/hvac/concepts/hvac-heat-pump"
        try await fixture.app().test(.router) { client in
            let admin = try await Self.admin(client)
            var stale = try Self.form("concept-form", in: try await Self.get(client, path, admin).body)
            // Meanwhile another admin changes the concept's note through the API.
            let original = try await GlossaryAPITests.document(client, "hvac")
            var heatPump = try #require(original.concepts.first { $0.id == "hvac-heat-pump" })
            heatPump.definition = "Moves heat in or out of the home."
            try await client.execute(
                uri: "/v1/glossaries/hvac/concepts/hvac-heat-pump", method: .put, headers: GlossaryAPITests.headers(Fixture.adminKey),
                body: ByteBuffer(string: String(decoding: try JSONEncoder().encode(heatPump), as: UTF8.self))
            ) { response in
                #expect(response.status == .ok)
            }
            let current = try await GlossaryAPITests.document(client, "hvac").version

            stale["term.\(try #require(stale.row(language: "es", text: "bomba de calor"))).text"] = "bomba térmica"
            let refused = try await Self.post(client, path, admin, stale.pairs)
            #expect(refused.status == .conflict)
            #expect(refused.body.contains("Someone else changed this glossary since you opened this page."))
            #expect(refused.body.contains("ana@example.com"))
            #expect(refused.body.contains("hvac-heat-pump: definition changed"))
            #expect(refused.body.contains("Your edit, not saved, against the current version:"))
            #expect(refused.body.contains("hvac-heat-pump: es: added &#39;bomba térmica&#39; (preferred)"))
            // The form shows the current version: the other admin's note, the old Spanish term.
            var fresh = try Self.form("concept-form", in: refused.body)
            #expect(fresh["baseVersion"] == current)
            #expect(fresh["definition"] == "Moves heat in or out of the home.")
            #expect(fresh.row(language: "es", text: "bomba de calor") != nil)
            #expect(try await GlossaryAPITests.document(client, "hvac").version == current, "nothing was overwritten")

            // Applied again on the current version, the edit goes through and keeps the other's note.
            fresh["term.\(try #require(fresh.row(language: "es", text: "bomba de calor"))).text"] = "bomba térmica"
            #expect(try await Self.post(client, path, admin, fresh.pairs).status == .seeOther)
            let after = try #require(try await GlossaryAPITests.document(client, "hvac").concepts.first { $0.id == "hvac-heat-pump" })
            #expect(after.definition == "Moves heat in or out of the home.")
            #expect(after.preferredTerm(in: LanguageTag("es")!)?.text == "bomba térmica")
        }
    }

    @Test func aRefusedFormIsShownAgainWithTheProblemAndWhatWasTyped() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.cleanUp() }
        let file = fixture.file("hvac")
        let path = "/admin/glossaries/hvac/concepts/hvac-heat-pump"
        try await fixture.app().test(.router) { client in
            let admin = try await Self.admin(client)
            var form = try Self.form("concept-form", in: try await Self.get(client, path, admin).body)
            // A second preferred Spanish term.
            form["term.\(try #require(form.row(language: "es", text: "bombas de calor"))).status"] = "preferred"
            form["definition"] = "Kept <when> refused"
            let refused = try await Self.post(client, path, admin, form.pairs)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("role=\"alert\""))
            #expect(refused.body.contains("2 preferred terms in es"))
            let shown = try Self.form("concept-form", in: refused.body)
            #expect(shown["definition"] == "Kept <when> refused")
            #expect(shown["term.\(try #require(shown.row(language: "es", text: "bombas de calor"))).status"] == "preferred")

            // A term in a blank row without a language.
            var noLanguage = try Self.form("concept-form", in: try await Self.get(client, path, admin).body)
            noLanguage["term.\(try #require(noLanguage.blankRow)).text"] = "bomba"
            let missing = try await Self.post(client, path, admin, noLanguage.pairs)
            #expect(missing.status == .badRequest)
            #expect(missing.body.contains("Choose a language for the term &#39;bomba&#39;."))
        }
        #expect(fixture.file("hvac") == file)
    }

    @Test func aHostileTermIsShownAsTextOnEveryPage() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.cleanUp() }
        let hostile = "<script>alert(1)</script>"
        try await fixture.app().test(.router) { client in
            let admin = try await Self.admin(client)
            var form = try Self.form("concept-form", in: try await Self.get(client, "/admin/glossaries/hvac/concepts/new", admin).body)
            #expect(form["term.0.lang"] == "en", "a new concept starts with an English row")
            form["term.0.text"] = hostile
            form["term.1.lang"] = "es"
            form["term.1.text"] = "\"><img src=x onerror=alert(2)>"
            form["definition"] = "<b>bold</b> & 'quoted'"
            let created = try await Self.post(client, "/admin/glossaries/hvac/concepts", admin, form.pairs)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("/admin/glossaries/hvac/concepts/hvac-script-alert-1-script?saved="))
            let concept = try #require(try await GlossaryAPITests.document(client, "hvac").concepts.last)
            #expect(concept.preferredTerm(in: LanguageTag("en")!)?.text == hostile)

            for path in [location, "/admin/glossaries/hvac?q=script", "/admin/glossaries/hvac/history",
                         "/admin/glossaries/hvac/concepts/hvac-script-alert-1-script/delete"] {
                let page = try await Self.get(client, path, admin)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.body.contains(hostile), "\(path)")
                #expect(!page.body.contains("<img src=x"), "\(path)")
                #expect(!page.body.contains("<b>bold"), "\(path)")
                #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path)")
            }
            let edit = try await Self.get(client, location, admin).body
            #expect(edit.contains("value=\"&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\""))
            #expect(edit.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;</textarea>"))
        }
    }

    @Test func deletingAsksFirstThenRemovesTheConcept() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.cleanUp() }
        let path = "/admin/glossaries/hvac/concepts/hvac-furnace/delete"
        try await fixture.app().test(.router) { client in
            let admin = try await Self.admin(client)
            let question = try await Self.get(client, path, admin)
            #expect(question.body.contains("Delete hvac-furnace?"))
            #expect(question.body.contains("calefactor"))
            let form = try Self.form("delete-form", in: question.body)
            let deleted = try await Self.post(client, path, admin, form.pairs)
            #expect(deleted.status == .seeOther)
            let location = try #require(deleted.headers[.location])
            #expect(location.hasPrefix("/admin/glossaries/hvac?saved="))
            let list = try await Self.get(client, location, admin).body
            #expect(list.contains("hvac-furnace: removed"))
            #expect(list.contains("58 concepts"))
            #expect(!list.contains("id=\"concept-hvac-furnace\""))
            #expect(try await Self.get(client, "/admin/glossaries/hvac/concepts/hvac-furnace", admin).status == .notFound)
            // The same question answered again, on a version that has moved on: asked anew, or gone.
            let again = try await Self.post(client, path, admin, form.pairs)
            #expect(again.status == .notFound)
        }
    }

    @Test func theHistoryListsEachChangeNewestFirstWithTheAdminsEmail() async throws {
        let fixture = try await Self.fixture()
        defer { fixture.cleanUp() }
        try await fixture.app().test(.router) { client in
            let admin = try await Self.admin(client)
            let empty = try await Self.get(client, "/admin/glossaries/hvac/history", admin)
            #expect(empty.body.contains("No changes have been recorded"))
            let v0 = try await GlossaryAPITests.document(client, "hvac").version

            let path = "/admin/glossaries/hvac/concepts/hvac-heat-pump"
            var form = try Self.form("concept-form", in: try await Self.get(client, path, admin).body)
            form["term.\(try #require(form.row(language: "es", text: "bomba de calor"))).text"] = "bomba térmica"
            #expect(try await Self.post(client, path, admin, form.pairs).status == .seeOther)
            let v1 = try await GlossaryAPITests.document(client, "hvac").version
            let delete = "/admin/glossaries/hvac/concepts/hvac-furnace/delete"
            let question = try Self.form("delete-form", in: try await Self.get(client, delete, admin).body)
            #expect(try await Self.post(client, delete, admin, question.pairs).status == .seeOther)
            let v2 = try await GlossaryAPITests.document(client, "hvac").version

            let page = try await Self.get(client, "/admin/glossaries/hvac/history", admin).body
            #expect(page.contains("2 saved versions"))
            let entry = #"(?s)<li class="history-entry">(.*?)</li>\s*(?=<li class="history-entry">|</ol>)"#
            let entries = RouteScan.matches(entry, in: page).map { $0[1] }
            #expect(entries.count == 2)
            let newest = try #require(entries.first)
            #expect(newest.contains("ana@example.com"))
            #expect(newest.contains("delete concept"))
            #expect(newest.contains("\(v1)</code> &rarr; <code class=\"version\">\(v2)"))
            #expect(newest.contains("hvac-furnace: removed"))
            let oldest = try #require(entries.last)
            #expect(oldest.contains("ana@example.com"))
            #expect(oldest.contains("edit concept"))
            #expect(oldest.contains("\(v0)</code> &rarr; <code class=\"version\">\(v1)"))
            #expect(oldest.contains("hvac-heat-pump: es: added &#39;bomba térmica&#39; (preferred)"))
            #expect(oldest.contains("hvac-heat-pump: es: removed &#39;bomba de calor&#39;"))
            #expect(RouteScan.matches(#"<time datetime="\d{4}-\d\d-\d\dT"#, in: oldest).count == 1)
        }
    }
}
