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

/// The web panel's leads queue, contacts, thread paging, templates with values, sign-in throttling
/// and HTML error pages, through the router on a real SQLite store and the real APy.
@Suite(.serialized) struct WebLeadsAndContactsTests {
    typealias Fixture = ConversationsAPITests.Fixture
    typealias Browser = WebTests.Browser

    static func send(
        _ client: some TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> WebTests.Reply {
        try await WebTests.send(client, uri, method, headers: headers, body: body)
    }

    /// A browser's form post: urlencoded, asking for HTML.
    static func formHeaders(_ browser: Browser) -> HTTPFields {
        var headers = browser.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.accept] = "text/html,application/xhtml+xml"
        return headers
    }

    /// Imports a lead for Dana's number as an admin through the API; its id and conversation.
    static func importLead(_ client: some TestClientProtocol, phone: String = "+52 55 1234 5678") async throws -> (lead: String, conversation: String) {
        let body = """
            {"number": "+1 410 555 0100", "phone": "\(phone)", "name": "María López", "source": "otto",
             "transcript": [
               {"speaker": "bot", "text": "Hi! What can we help with today?"},
               {"speaker": "contact", "text": "Mi aire acondicionado no enfría y hace mucho calor en la casa."}
             ]}
            """
        return try await client.execute(
            uri: "/v1/leads", method: .post, headers: ConversationsAPITests.headers(Fixture.adminKey), body: ByteBuffer(string: body)
        ) { response throws in
            #expect(response.status == .created)
            let json = try ConversationsAPITests.json(response.body)
            return (try #require(json["leadID"] as? String), try #require(json["conversationID"] as? String))
        }
    }

    // MARK: - Leads

    @Test func aRepPicksUpAWaitingLeadAndItsThreadOpensWithTheBotsTranscript() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                let (leadID, conversationID) = try await Self.importLead(client)
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                let rob = try await WebTests.signIn(client, email: "rob@example.com", key: Fixture.robKey)
                // The contact's turns are translated by their jobs, as a replica's worker would.
                await fixture.services.messaging?.drainJobs()

                // Dana's queue has it, with the contact's words in English; Rob's does not.
                let queue = try await Self.send(client, "/leads", headers: dana.headers)
                #expect(queue.status == .ok)
                #expect(queue.body.contains("María López"))
                #expect(queue.body.contains("action=\"/leads/\(leadID)/pick-up\""))
                let opening = try #require(try await fixture.store.lead(id: try #require(UUID(uuidString: leadID))))
                #expect(opening.pickedUpAt == nil)
                let english = try await fixture.store.messages(conversationID: opening.conversationID, afterSequence: 0, limit: 10)
                    .first { $0.direction == .inbound }?.shownText
                #expect(english?.isEmpty == false && english != "Mi aire acondicionado no enfría y hace mucho calor en la casa.")
                #expect(queue.body.contains(try #require(english)))
                #expect(!(try await Self.send(client, "/leads", headers: rob.headers)).body.contains("María López"))

                // The thread: a pick-up banner, and the transcript in its own box, not in the thread below.
                let thread = try await Self.send(client, "/conversations/\(conversationID)", headers: dana.headers)
                #expect(thread.body.contains("class=\"lead-banner\""))
                let transcript = try #require(thread.body.range(of: "id=\"transcript\""))
                let messages = try #require(thread.body.range(of: "id=\"messages\""))
                #expect(transcript.lowerBound < messages.lowerBound)
                let box = thread.body[transcript.lowerBound..<messages.lowerBound]
                #expect(box.contains("Hi! What can we help with today?"))
                #expect(box.contains("Mi aire acondicionado no enfría"))
                #expect(!thread.body[messages.lowerBound...].contains("Hi! What can we help with today?"))

                // A pick-up without the form's token: an HTML page saying so, and nothing changes.
                let forged = try await Self.send(client, "/leads/\(leadID)/pick-up", .post, headers: Self.formHeaders(dana), body: "")
                #expect(forged.status == .forbidden)
                #expect(forged.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(forged.body.contains("CSRF"))
                #expect(try await fixture.store.lead(id: opening.id).pickedUpAt == nil)

                // Rob cannot take Dana's lead: it answers as a missing one.
                let robs = try await Self.send(
                    client, "/leads/\(leadID)/pick-up", .post, headers: Self.formHeaders(rob), body: WebTests.form([("csrf", rob.csrf)]))
                #expect(robs.status == .notFound)
                #expect(robs.body.contains("No such lead"))

                let picked = try await Self.send(
                    client, "/leads/\(leadID)/pick-up", .post, headers: Self.formHeaders(dana), body: WebTests.form([("csrf", dana.csrf)]))
                #expect(picked.status == .seeOther)
                #expect(picked.headers[.location] == "/conversations/\(conversationID)")
                #expect(try await fixture.store.lead(id: opening.id).pickedUpBy == fixture.dana.id)
                let after = try await Self.send(client, "/conversations/\(conversationID)", headers: dana.headers)
                #expect(!after.body.contains("class=\"lead-banner\""))
                let queueAfter = try await Self.send(client, "/leads", headers: dana.headers)
                #expect(queueAfter.body.contains("No leads waiting"))
                #expect(queueAfter.body.contains("Picked up by Dana"))
            }
        }
    }

    @Test func theLeadsAPIListsWaitingLeadsAndPicksUpOnce() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                let (leadID, _) = try await Self.importLead(client)
                let dana = ConversationsAPITests.headers(Fixture.danaKey)
                let rob = ConversationsAPITests.headers(Fixture.robKey)
                try await client.execute(uri: "/v1/leads", method: .get, headers: dana) { response throws in
                    #expect(response.status == .ok)
                    let leads = try ConversationsAPITests.jsonArray(response.body)
                    #expect(leads.map { $0["id"] as? String } == [leadID])
                    #expect((leads.first?["contact"] as? [String: Any])?["name"] as? String == "María López")
                }
                try await client.execute(uri: "/v1/leads?state=pickedUp", method: .get, headers: dana) { response throws in
                    #expect(try ConversationsAPITests.jsonArray(response.body).isEmpty)
                }
                try await client.execute(uri: "/v1/leads?state=sideways", method: .get, headers: dana) { response in
                    #expect(response.status == .badRequest)
                }
                try await client.execute(uri: "/v1/leads", method: .get, headers: rob) { response throws in
                    #expect(try ConversationsAPITests.jsonArray(response.body).isEmpty)
                }
                try await client.execute(uri: "/v1/leads/\(leadID)/pick-up", method: .post, headers: rob) { response in
                    #expect(response.status == .notFound)
                }
                try await client.execute(uri: "/v1/leads/\(leadID)/pick-up", method: .post, headers: dana) { response throws in
                    #expect(response.status == .ok)
                    #expect(try ConversationsAPITests.json(response.body)["pickedUpBy"] as? String == fixture.dana.id.uuidString)
                }
                // The admin picking it up again changes nothing.
                try await client.execute(
                    uri: "/v1/leads/\(leadID)/pick-up", method: .post, headers: ConversationsAPITests.headers(Fixture.adminKey)
                ) { response throws in
                    #expect(try ConversationsAPITests.json(response.body)["pickedUpBy"] as? String == fixture.dana.id.uuidString)
                }
                try await client.execute(uri: "/v1/leads/\(UUID())/pick-up", method: .post, headers: dana) { response in
                    #expect(response.status == .notFound)
                }
            }
        }
    }

    // MARK: - Contacts and New Conversation by name

    @Test func aContactIsFoundByNameOrPhoneAndMessagedFromTheirRecord() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let maria = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María López", preferredLanguage: LanguageTag("es"),
                languageSource: .setByRep)
            try await fixture.app().test(.router) { client in
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                for query in ["mar%C3%ADa", "5512"] {
                    let found = try await Self.send(client, "/contacts?q=\(query)", headers: dana.headers)
                    #expect(found.status == .ok)
                    #expect(found.body.contains("href=\"/contacts/\(maria.id)\""), "\(query)")
                }
                #expect(try await Self.send(client, "/contacts?q=nobody", headers: dana.headers).body.contains("No contact matches"))

                let record = try await Self.send(client, "/contacts/\(maria.id)", headers: dana.headers)
                #expect(record.body.contains("María López"))
                #expect(record.body.contains("set by a rep"))
                #expect(record.body.contains(fixture.danaNumber.id.uuidString))
                #expect(!record.body.contains(fixture.robNumber.id.uuidString))
                let message = try await Self.send(
                    client, "/conversations", .post, headers: Self.formHeaders(dana),
                    body: WebTests.form([("csrf", dana.csrf), ("number", fixture.danaNumber.id.uuidString), ("contact", maria.id.uuidString)]))
                #expect(message.status == .seeOther)
                let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: maria.id)
                #expect(message.headers[.location] == "/conversations/\(conversation.id)")

                let missing = try await Self.send(client, "/contacts/\(UUID())", headers: Self.formHeaders(dana))
                #expect(missing.status == .notFound)
                #expect(missing.body.contains("No such contact"))
            }
        }
    }

    @Test func newConversationByNameOpensTheOneMatchOrOffersAChoice() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let maria = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María López", preferredLanguage: nil, languageSource: nil)
            let mario = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 8765 4321"), name: "Mario Ruiz", preferredLanguage: nil, languageSource: nil)
            try await fixture.app().test(.router) { client in
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                func start(_ typed: String) async throws -> WebTests.Reply {
                    try await Self.send(
                        client, "/conversations", .post, headers: Self.formHeaders(dana),
                        body: WebTests.form([("csrf", dana.csrf), ("number", fixture.danaNumber.id.uuidString), ("phone", typed)]))
                }
                let one = try await start("López")
                #expect(one.status == .seeOther)
                let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: maria.id)
                #expect(one.headers[.location] == "/conversations/\(conversation.id)")

                let two = try await start("Mar")
                #expect(two.status == .ok)
                #expect(two.body.contains("Which contact?"))
                #expect(two.body.contains("value=\"\(maria.id)\""))
                #expect(two.body.contains("value=\"\(mario.id)\""))

                let none = try await start("Zoë")
                #expect(none.status == .notFound)
                #expect(none.body.contains("No contact matches"))

                // A NUL (which SQLite would cut the name at) is refused, and nothing is created.
                let nul = try await Self.send(
                    client, "/conversations", .post, headers: Self.formHeaders(dana),
                    body: WebTests.form([("csrf", dana.csrf), ("number", fixture.danaNumber.id.uuidString), ("phone", "+52 55 2222 3333")])
                        + "&name=Ana%00Evil")
                #expect(nul.status == .badRequest)
                #expect(nul.body.contains("NUL character"))
                #expect(try await fixture.store.contact(phone: try PhoneNumber(parsing: "+52 55 2222 3333")) == nil)
            }
        }
    }

    // MARK: - Threads

    @Test func aLongThreadOpensAtItsNewestMessagesAndPagesBack() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let contact = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María", preferredLanguage: LanguageTag("es"), languageSource: nil)
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            for index in 1...205 {
                _ = try await fixture.store.appendOutbound(
                    OutboundMessageDraft(conversationID: conversation.id, text: "Note number \(index).", deliveryStatus: .sent))
            }
            try await fixture.app().test(.router) { client in
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                let newest = try await Self.send(client, "/conversations/\(conversation.id)", headers: dana.headers)
                #expect(newest.body.contains("Note number 205."))
                #expect(newest.body.contains("Note number 6."))
                #expect(!newest.body.contains("Note number 5."))
                let link = try #require(RouteScan.matches(#"href="(\?before=\d+)">Earlier messages"#, in: newest.body).first?[1])
                let earlier = try await Self.send(client, "/conversations/\(conversation.id)\(link)", headers: dana.headers)
                #expect(earlier.body.contains("Note number 1."))
                #expect(earlier.body.contains("Note number 5."))
                #expect(!earlier.body.contains("Note number 6."))
                #expect(!earlier.body.contains("Earlier messages"))
                let bad = try await Self.send(client, "/conversations/\(conversation.id)?before=soon", headers: Self.formHeaders(dana))
                #expect(bad.status == .badRequest)
            }
        }
    }

    @Test func aTemplatesVariablesAreOfferedInComposeAndSentAsValues() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let contact = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María", preferredLanguage: LanguageTag("es"), languageSource: nil)
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            let template = try await fixture.store.createTemplate(
                repID: nil, name: "Visit", text: "Hello {{name}}, the technician arrives on {{day}}.")
            try await fixture.app().test(.router) { client in
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                let page = try await Self.send(client, "/conversations/\(conversation.id)", headers: dana.headers)
                #expect(page.body.contains("value=\"\(template.id)\""))
                // Each variable labelled, and what the thread knows (the contact's name) filled in.
                let fields = #"[{&quot;label&quot;:&quot;Name&quot;,&quot;name&quot;:&quot;name&quot;,&quot;value&quot;:&quot;María&quot;},"#
                    + #"{&quot;label&quot;:&quot;Day&quot;,&quot;name&quot;:&quot;day&quot;,&quot;value&quot;:&quot;&quot;}]"#
                #expect(page.body.contains("data-fields=\"\(fields)\""))
                // What the page's script sends: the template by id with its values.
                let body = #"{"templateID": "\#(template.id)", "values": {"name": "María", "day": "Monday"}}"#
                try await client.execute(
                    uri: "/v1/conversations/\(conversation.id)/messages", method: .post, headers: dana.headers(csrf: dana.csrf),
                    body: ByteBuffer(string: body)
                ) { response throws in
                    #expect(response.status == .created)
                    let message = try #require(ConversationsAPITests.json(response.body)["message"] as? [String: Any])
                    #expect(message["original"] as? String == "Hello María, the technician arrives on Monday.")
                    #expect((message["sentText"] as? String)?.contains("María") == true)
                }
            }
        }
    }

    @Test func anOptOutReplyWarnsAboveComposeUntilTheContactOptsBackIn() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let contact = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María", preferredLanguage: LanguageTag("es"), languageSource: nil)
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            let messaging = try #require(fixture.services.messaging)
            @Sendable func sms(_ text: String) async throws {
                _ = try await messaging.receive(InboundSMS(
                    from: contact.phone, to: fixture.danaNumber.phone, body: text, providerMessageID: "SM" + UUID().uuidString))
            }
            try await fixture.app().test(.router) { client in
                let dana = try await WebTests.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                func page() async throws -> String {
                    try await Self.send(client, "/conversations/\(conversation.id)", headers: dana.headers).body
                }
                let hidden = #"<p id="opt-out" class="opt-out" role="alert" hidden>"#
                try await sms("Hola, ¿qué tal?")
                #expect(try await page().contains(hidden))
                try await sms("ALTO")
                let stopped = try await page()
                #expect(!stopped.contains(hidden))
                #expect(stopped.contains("María replied ALTO on"))
                #expect(stopped.contains("INICIAR"))
                // The list and the contact's record mark it too.
                let list = try await Self.send(client, "/conversations", headers: dana.headers).body
                #expect(list.contains(#"<span class="consent">opted out</span>"#))
                let record = try await Self.send(client, "/contacts/\(contact.id)", headers: dana.headers).body
                #expect(record.contains("Opted out."))
                // A help request after it changes nothing; opting back in, in Spanish, ends the warning.
                try await sms("AYUDA")
                #expect(!(try await page()).contains(hidden))
                try await sms("INICIAR")
                #expect(try await page().contains(hidden))
            }
        }
    }

    // MARK: - Sign-in throttling

    @Test func repeatedSignInAttemptsAreThrottledPerEmail() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                for _ in 1...5 {
                    let reply = try await WebTests.postSignIn(client, email: "dana@example.com", key: "guess-0123456789abcdef")
                    #expect(reply.status == .unauthorized)
                }
                // The sixth is refused before the key is checked, even the right key.
                let throttled = try await WebTests.postSignIn(client, email: "dana@example.com", key: Fixture.danaKey)
                #expect(throttled.status == .tooManyRequests)
                #expect(throttled.body.contains("Too many sign-in attempts"))
                #expect(Int(throttled.headers[.retryAfter] ?? "") ?? 0 >= 1)
                #expect(throttled.setCookie("parley_session") == nil)
                // Another person is not held up.
                let rob = try await WebTests.postSignIn(client, email: "rob@example.com", key: Fixture.robKey)
                #expect(rob.status == .seeOther)
            }
        }
    }
}
