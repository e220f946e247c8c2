import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyLanguage
import ParleyMessaging
import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// The templates page through the router, on each store and the real APy: a rep's own templates
/// and the shared ones, created, edited and deleted through the forms (Messaging's checks, shown
/// on the form), an admin's "Shared with the team", the variables as labelled fields, and the
/// preview of a template in a language.
@Suite(.serialized) struct TemplatesPagesTests {
    typealias Fixture = ConversationsAPITests.Fixture
    typealias Browser = WebTests.Browser

    static func get(_ client: some TestClientProtocol, _ path: String, _ browser: Browser) async throws -> WebTests.Reply {
        try await WebTests.send(client, path, headers: WebLeadsAndContactsTests.formHeaders(browser))
    }

    static func post(_ client: some TestClientProtocol, _ path: String, _ browser: Browser, _ fields: [(String, String)]) async throws
        -> WebTests.Reply
    {
        try await WebTests.send(client, path, .post, headers: WebLeadsAndContactsTests.formHeaders(browser), body: WebTests.form(fields))
    }

    /// Text as a page shows it, HTML-escaped as Mustache escapes values.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// The ids of the templates a page lists, in order.
    static func listed(_ page: String) -> [String] {
        RouteScan.matches(#"<li class="template-card" id="template-([0-9A-F-]+)""#, in: page).map { $0[1] }
    }

    @Test(arguments: StoreKind.allCases) func aRepCreatesEditsAndDeletesTheirOwnTemplateThroughTheForms(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            let shared = try await fixture.store.createTemplate(repID: nil, name: "On the way", text: "Hi {{first_name}}, we are on the way.")
            try await fixture.app().test(.router) { client in
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                #expect(try await Self.get(client, "/templates/new", dana).body.contains("action=\"/templates\""))
                // A rep's form has no "Shared with the team" choice.
                #expect(!(try await Self.get(client, "/templates/new", dana).body.contains("name=\"shared\"")))
                let created = try await Self.post(
                    client, "/templates", dana,
                    [("csrf", dana.csrf), ("name", "Arrival time"), ("text", "Hello {{first_name}}, we arrive at {{arrival_time}}.")])
                #expect(created.status == .found)
                #expect(created.headers[.location] == "/templates?done=created")
                let own = try #require(try await fixture.store.templates(repID: fixture.dana.id).first { $0.name == "Arrival time" })
                #expect(own.repID == fixture.dana.id)

                // The list: the shared one first, then hers, each variable a labelled field with its hint.
                let page = try await Self.get(client, "/templates?done=created", dana)
                #expect(page.status == .ok)
                #expect(Self.listed(page.body) == [shared.id.uuidString, own.id.uuidString])
                #expect(page.body.contains("Template created."))
                #expect(page.body.contains("Shared with the team"))
                #expect(page.body.contains("<span>First name <span class=\"hint\">{{first_name}}</span></span>"))
                #expect(page.body.contains("<span>Arrival time <span class=\"hint\">{{arrival_time}}</span></span>"))
                #expect(page.body.contains("<input name=\"arrival_time\""))
                // Edit and Delete only on her own.
                #expect(page.body.contains("href=\"/templates/\(own.id)\""))
                #expect(!page.body.contains("href=\"/templates/\(shared.id)\""))
                #expect(page.body.contains("/assets/templates.js?v="))

                let form = try await Self.get(client, "/templates/\(own.id)", dana)
                #expect(form.body.contains("Hello {{first_name}}, we arrive at {{arrival_time}}."))
                let saved = try await Self.post(
                    client, "/templates/\(own.id)", dana, [("csrf", dana.csrf), ("name", "Arrival"), ("text", "We arrive at {{arrival_time}}.")])
                #expect(saved.headers[.location] == "/templates?done=saved")
                #expect(try await fixture.store.template(id: own.id).text == "We arrive at {{arrival_time}}.")

                // The shared one is an admin's: 403, and unchanged.
                let refused = try await Self.post(
                    client, "/templates/\(shared.id)", dana, [("csrf", dana.csrf), ("name", "Mine"), ("text", "Mine now")])
                #expect(refused.status == .forbidden)
                #expect(refused.body.contains("Not your template"))
                #expect(try await fixture.store.template(id: shared.id).name == "On the way")
                #expect(try await Self.post(client, "/templates/\(shared.id)/delete", dana, [("csrf", dana.csrf)]).status == .forbidden)
                // A hostile name and text are shown as text.
                let hostile = try await fixture.store.createTemplate(
                    repID: fixture.dana.id, name: "<script>alert(1)</script>", text: "Hi {{first_name}} <img src=x onerror=alert(1)>")
                let escaped = try await Self.get(client, "/templates", dana).body
                #expect(escaped.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !escaped.contains("<script>alert(1)"))
                #expect(!escaped.contains("<img src=x"))
                #expect(try await Self.post(client, "/templates/\(hostile.id)/delete", dana, [("csrf", dana.csrf)]).status == .found)
                // Rob does not see Dana's.
                let rob = try await WebTests.signIn(client, email: "rob@example.com", key: Fixture.robKey)
                #expect(Self.listed(try await Self.get(client, "/templates", rob).body) == [shared.id.uuidString])
                #expect(try await Self.get(client, "/templates/\(own.id)", rob).status == .notFound)

                // Without the CSRF token nothing is deleted; with it, it is.
                #expect(try await Self.post(client, "/templates/\(own.id)/delete", dana, []).status == .forbidden)
                #expect(try await fixture.store.templates(repID: fixture.dana.id).contains { $0.id == own.id })
                let deleted = try await Self.post(client, "/templates/\(own.id)/delete", dana, [("csrf", dana.csrf)])
                #expect(deleted.headers[.location] == "/templates?done=deleted")
                #expect(try await fixture.store.templates(repID: fixture.dana.id).map(\.id) == [shared.id])
            }
        }
    }

    @Test func aRefusedFormShowsMessagingsReasonAndKeepsWhatWasTyped() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                let cases: [(name: String, text: String, says: String)] = [
                    ("Reminder", "Hi {{first_name, see you at {{time}}.", "Unclosed {{ in the template"),
                    ("Reminder", "Hi {{first name}}.", "Not a variable"),
                    ("Reminder", "Hi first_name}}.", "Unmatched }} in the template"),
                    ("  ", "Hi {{first_name}}.", "The template needs a name"),
                    ("Reminder", "   ", "The template needs text"),
                    ("Reminder", String(repeating: "Your technician is on the way. ", count: 60), "Template too long"),
                ]
                for (name, text, says) in cases {
                    let reply = try await Self.post(client, "/templates", dana, [("csrf", dana.csrf), ("name", name), ("text", text)])
                    #expect(reply.status == .badRequest, "\(says)")
                    #expect(reply.body.contains("id=\"form-error\""), "\(says)")
                    #expect(reply.body.contains(says), "\(says): \(reply.body)")
                    // What was typed is still there, escaped.
                    #expect(reply.body.contains(Self.escaped(text)), "\(says)")
                }
                #expect(try await fixture.store.templates(repID: fixture.dana.id).isEmpty)
                // The API refuses the same, with the same words: the rule is Messaging's.
                try await client.execute(
                    uri: "/v1/templates", method: .post, headers: ConversationsAPITests.headers(Fixture.danaKey),
                    body: try TemplatesAPITests.body(["name": "Reminder", "text": "Hi {{first_name, see you."])
                ) { response throws in
                    #expect(response.status == .badRequest)
                    let problem = try ConversationsAPITests.json(response.body)
                    #expect(problem["title"] as? String == "Unclosed {{ in the template")
                    #expect((problem["detail"] as? String)?.contains("{{first_name}}") == true)
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func anAdminSharesATemplateEveryRepSeesAndKeepsOneOfTheirOwn(_ kind: StoreKind) async throws {
        try await Fixture.with(kind) { fixture in
            try await fixture.app().test(.router) { client in
                let ana = try await WebTests.signIn(client, email: "ana@example.com", key: Fixture.adminKey)
                let form = try await Self.get(client, "/templates/new", ana)
                #expect(form.body.contains("name=\"shared\" value=\"on\" checked"))
                #expect(try await Self.post(
                    client, "/templates", ana, [("csrf", ana.csrf), ("name", "Team hello"), ("text", "Hello {{name}}!"), ("shared", "on")]
                ).status == .found)
                // Unticked: the admin's own.
                #expect(try await Self.post(client, "/templates", ana, [("csrf", ana.csrf), ("name", "Ana's note"), ("text", "Thanks!")]).status == .found)
                let all = try await fixture.store.templates(repID: nil)
                let teamHello = try #require(all.first { $0.name == "Team hello" })
                #expect(teamHello.repID == nil)
                #expect(!all.contains { $0.name == "Ana's note" })

                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                let page = try await Self.get(client, "/templates", dana)
                #expect(Self.listed(page.body) == [teamHello.id.uuidString])
                #expect(page.body.contains("Shared with the team"))
                #expect(!page.body.contains("Ana&#39;s note") && !page.body.contains("Ana's note"))
                // The admin edits the shared one.
                #expect(try await Self.get(client, "/templates", ana).body.contains("href=\"/templates/\(teamHello.id)\""))
                #expect(try await Self.post(
                    client, "/templates/\(teamHello.id)", ana, [("csrf", ana.csrf), ("name", "Team hello"), ("text", "Hello {{name}}, thanks!")]
                ).status == .found)
                #expect(try await fixture.store.template(id: teamHello.id).text == "Hello {{name}}, thanks!")
            }
        }
    }

    @Test func aTemplateIsPreviewedInALanguageWithTheValuesTyped() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let template = try await fixture.store.createTemplate(
                repID: nil, name: "Arrival", text: "Hello {{first_name}}, the technician arrives tomorrow at {{time}}.")
            try await fixture.app().test(.router) { client in
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                let url = "/v1/templates/\(template.id)/preview"
                // What templates.js posts, with the page's CSRF token.
                try await client.execute(
                    uri: url, method: .post, headers: dana.headers(csrf: dana.csrf),
                    body: ByteBuffer(string: #"{"language": "es", "values": {"first_name": "Rosa", "time": "3:30 PM"}}"#)
                ) { response throws in
                    #expect(response.status == .ok)
                    let preview = try ConversationsAPITests.json(response.body)
                    let text = try #require(preview["text"] as? String)
                    #expect(preview["language"] as? String == "es")
                    #expect(text.contains("Rosa") && text.contains("3:30 p. m.") && !text.contains("technician"), "\(text)")
                    #expect(preview["token"] == nil)
                }
                // A language no contact may have: the rule of a contact's language, in words a rep reads.
                try await client.execute(
                    uri: url, method: .post, headers: dana.headers(csrf: dana.csrf),
                    body: ByteBuffer(string: #"{"language": "Klingon", "values": {"first_name": "Rosa", "time": "3:30 PM"}}"#)
                ) { response throws in
                    #expect(response.status == .badRequest)
                    let detail = try ConversationsAPITests.json(response.body)["detail"] as? String ?? ""
                    #expect(detail.contains("Klingon") && detail.contains("pick one of the listed languages"), "\(detail)")
                }
                // A value missing: 422 naming it by its label and placeholder.
                try await client.execute(
                    uri: url, method: .post, headers: dana.headers(csrf: dana.csrf),
                    body: ByteBuffer(string: #"{"language": "es", "values": {"first_name": "Rosa"}}"#)
                ) { response throws in
                    #expect(response.status == .unprocessableContent)
                    let detail = try ConversationsAPITests.json(response.body)["detail"] as? String ?? ""
                    #expect(detail.contains("Time ({{time}})") && !detail.contains(template.id.uuidString), "\(detail)")
                }
                try await client.execute(
                    uri: url, method: .post, headers: dana.headers(csrf: dana.csrf), body: ByteBuffer(string: #"{"language": ""}"#)
                ) { response in
                    #expect(response.status == .badRequest)
                }
                // Another rep's own template is not Dana's to preview.
                let robs = try await fixture.store.createTemplate(repID: fixture.rob.id, name: "Rob's", text: "Hi {{name}}")
                try await client.execute(
                    uri: "/v1/templates/\(robs.id)/preview", method: .post, headers: dana.headers(csrf: dana.csrf),
                    body: ByteBuffer(string: #"{"language": "es", "values": {"name": "Rosa"}}"#)
                ) { response in
                    #expect(response.status == .notFound)
                }
            }
        }
    }

    @Test func variablesAreLabelledInWords() {
        let labels = ["first_name", "firstName", "appointment.time", "order_ID", "contact-name", "x"].map { TemplateVariable(name: $0).label }
        #expect(labels == ["First name", "First name", "Appointment time", "Order ID", "Contact name", "X"])
        #expect(TemplateVariable.variables(in: "Hi {{ first_name }}, {{time}} and {{first_name}}").map(\.name) == ["first_name", "time"])
        #expect(TemplateVariable(name: "first_name").placeholder == "{{first_name}}")
    }
}
