import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyLanguage
import ParleyServer
import ParleyThreads
import ParleyThreadsTesting
import ParleyTranslation
import Synchronization
import Testing

/// The web panel through the router, on a real SQLite store: sign-in with the person's access key,
/// session cookies, CSRF, the security headers, escaping, and who may open which thread.
@Suite(.serialized) struct WebTests {
    typealias Fixture = ConversationsAPITests.Fixture

    /// What a request answered.
    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String

        /// The value of the cookie `name` this reply sets, with its attributes; nil when it sets none.
        func setCookie(_ name: String) -> String? {
            headers[values: .setCookie].first { $0.hasPrefix("\(name)=") }
        }
        /// Just the value of the cookie `name` this reply sets.
        func cookieValue(_ name: String) -> String? {
            guard let header = setCookie(name) else { return nil }
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        /// The page's CSRF token (its `<meta>` or the form's hidden field).
        var csrf: String? {
            let found = RouteScan.matches(#"name="csrf(?:-token)?" (?:content|value)="([^"]+)""#, in: body).first?[1]
            return found
        }
    }

    /// A signed-in browser: its session cookie and its pages' CSRF token.
    struct Browser {
        var cookie: String
        var csrf: String

        var headers: HTTPFields {
            var headers = HTTPFields()
            headers[.cookie] = "parley_session=\(cookie)"
            return headers
        }
        func headers(csrf token: String?, json: Bool = true) -> HTTPFields {
            var headers = self.headers
            if let token { headers[HTTPField.Name("X-CSRF-Token")!] = token }
            if json { headers[.contentType] = "application/json" }
            return headers
        }
    }

    static func send(
        _ client: some TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> Reply {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            Reply(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }

    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    static var formHeaders: HTTPFields { [.contentType: "application/x-www-form-urlencoded"] }

    /// What the store keeps of a session cookie: its SHA-256 as lowercase hex.
    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Posts the sign-in form as a browser would: the form's page first, for its token and cookie.
    static func postSignIn(_ client: some TestClientProtocol, email: String, key: String) async throws -> Reply {
        let form = try await send(client, "/sign-in")
        #expect(form.status == .ok)
        let token = try #require(form.csrf)
        let formCookie = try #require(form.cookieValue("parley_signin"))
        var headers = formHeaders
        headers[.cookie] = "parley_signin=\(formCookie)"
        return try await send(
            client, "/sign-in", .post, headers: headers, body: Self.form([("csrf", token), ("email", email), ("key", key)]))
    }

    /// Signs in and reads the CSRF token from the conversations page.
    static func signIn(_ client: some TestClientProtocol, email: String, key: String) async throws -> Browser {
        let reply = try await postSignIn(client, email: email, key: key)
        #expect(reply.status == .seeOther)
        let cookie = try #require(reply.cookieValue("parley_session"))
        let page = try await send(client, "/conversations", headers: Browser(cookie: cookie, csrf: "").headers)
        #expect(page.status == .ok)
        return Browser(cookie: cookie, csrf: try #require(page.csrf))
    }

    // MARK: - Sign-in and sessions

    @Test func aWrongKeyShowsTheFormAgainWithAnErrorAndNoSession() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                for (email, key) in [
                    ("dana@example.com", "not-the-key-0123456789"), ("rob@example.com", Fixture.danaKey), ("dana@example.com", ""),
                ] {
                    let reply = try await Self.postSignIn(client, email: email, key: key)
                    #expect(reply.status == .unauthorized)
                    #expect(reply.body.contains("do not match"))
                    #expect(reply.body.contains("<form method=\"post\" action=\"/sign-in\""))
                    #expect(reply.setCookie("parley_session") == nil)
                }
                // A form posted without its token (another site's form) is refused, whatever the key.
                let forged = try await Self.send(
                    client, "/sign-in", .post, headers: Self.formHeaders,
                    body: Self.form([("email", "dana@example.com"), ("key", Fixture.danaKey)]))
                #expect(forged.status == .forbidden)
                #expect(forged.setCookie("parley_session") == nil)
            }
        }
    }

    @Test func theRightKeySetsAnHttpOnlyStrictSessionCookie() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                let reply = try await Self.postSignIn(client, email: "Dana@Example.com", key: Fixture.danaKey)
                #expect(reply.status == .seeOther)
                #expect(reply.headers[.location] == "/conversations")
                let cookie = try #require(reply.setCookie("parley_session"))
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Strict"))
                #expect(cookie.contains("Path=/"))
                #expect(!cookie.contains("Secure"), "plain http in tests")
                let value = try #require(reply.cookieValue("parley_session"))
                #expect(value.count == 43, "32 bytes in base64url")
                #expect(value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })

                // Behind a TLS proxy the cookie is Secure.
                let form = try await Self.send(client, "/sign-in")
                var headers = Self.formHeaders
                headers[.cookie] = "parley_signin=\(try #require(form.cookieValue("parley_signin")))"
                headers[HTTPField.Name("X-Forwarded-Proto")!] = "https"
                let secure = try await Self.send(
                    client, "/sign-in", .post, headers: headers,
                    body: Self.form([("csrf", try #require(form.csrf)), ("email", "dana@example.com"), ("key", Fixture.danaKey)]))
                #expect(try #require(secure.setCookie("parley_session")).contains("Secure"))
            }
        }
    }

    @Test func pagesNeedASession() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                for path in ["/", "/conversations", "/conversations/\(UUID())"] {
                    let reply = try await Self.send(client, path)
                    #expect(reply.status == .seeOther, "\(path)")
                    #expect(reply.headers[.location] == "/sign-in", "\(path)")
                }
                // An unknown cookie is no session.
                let forged = try await Self.send(client, "/conversations", headers: Browser(cookie: "made-up", csrf: "").headers)
                #expect(forged.headers[.location] == "/sign-in")
                // Signed in, / leads to the conversations.
                let browser = try await Self.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                #expect(try await Self.send(client, "/", headers: browser.headers).headers[.location] == "/conversations")
                #expect(try await Self.send(client, "/sign-in", headers: browser.headers).headers[.location] == "/conversations")
            }
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                let browser = try await Self.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                // Sign-out is a form like any other: without the token it is refused.
                var headers = browser.headers
                headers[.contentType] = "application/x-www-form-urlencoded"
                let forged = try await Self.send(client, "/sign-out", .post, headers: headers, body: "")
                #expect(forged.status == .forbidden)
                #expect(try await Self.send(client, "/conversations", headers: browser.headers).status == .ok)

                let reply = try await Self.send(client, "/sign-out", .post, headers: headers, body: Self.form([("csrf", browser.csrf)]))
                #expect(reply.status == .seeOther)
                #expect(reply.headers[.location] == "/sign-in")
                #expect(try #require(reply.setCookie("parley_session")).contains("Max-Age=0"))
                let after = try await Self.send(client, "/conversations", headers: browser.headers)
                #expect(after.headers[.location] == "/sign-in")
                // The store holds no session any more.
                #expect(try await fixture.store.webSession(digest: Self.sha256Hex(browser.cookie)) == nil)
            }
        }
    }

    @Test func aSessionStartedOnOneReplicaIsKnownToAnotherAndEndsOnBoth() async throws {
        try await Fixture.with(.sqlite) { fixture in
            // Two replicas: the same store, each with its own WebSessions.
            var services = fixture.services
            services.webSessions = WebSessions(store: fixture.store)
            let other = services
            try await fixture.app().test(.router) { first in
                try await buildApplication(other).test(.router) { second in
                    let browser = try await Self.signIn(first, email: "dana@example.com", key: Fixture.danaKey)
                    let page = try await Self.send(second, "/conversations", headers: browser.headers)
                    #expect(page.status == .ok)
                    #expect(page.csrf == browser.csrf)
                    var headers = browser.headers
                    headers[.contentType] = "application/x-www-form-urlencoded"
                    let out = try await Self.send(second, "/sign-out", .post, headers: headers, body: Self.form([("csrf", browser.csrf)]))
                    #expect(out.status == .seeOther)
                    #expect(try await Self.send(first, "/conversations", headers: browser.headers).headers[.location] == "/sign-in")
                }
            }
        }
    }

    @Test func aSessionEndsAfterTwelveIdleHours() async throws {
        try await withTestDatabase(.sqlite) { database in
            let base = try await Fixture(store: try await database.threadStore())
            let clock = WebTestClock()
            var services = base.services
            services.webSessions = WebSessions(store: base.store, now: { clock.now })
            try await buildApplication(services).test(.router) { client in
                let browser = try await Self.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                clock.advance(11 * 3600)
                #expect(try await Self.send(client, "/conversations", headers: browser.headers).status == .ok)
                clock.advance(11 * 3600)  // idle time restarts with each request
                #expect(try await Self.send(client, "/conversations", headers: browser.headers).status == .ok)
                clock.advance(12 * 3600 + 1)
                #expect(try await Self.send(client, "/conversations", headers: browser.headers).headers[.location] == "/sign-in")
            }
        }
    }

    // MARK: - Pages

    @Test func aRepSeesTheirConversationsButCannotOpenAnotherRepsThread() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let maria = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María", preferredLanguage: LanguageTag("es"),
                languageSource: .setByRep)
            let danas = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: maria.id)
            let robs = try await fixture.store.findOrCreateConversation(numberID: fixture.robNumber.id, contactID: maria.id)
            try await fixture.app().test(.router) { client in
                let dana = try await Self.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                let list = try await Self.send(client, "/conversations", headers: dana.headers)
                #expect(list.body.contains("María"))
                #expect(list.body.contains("/conversations/\(danas.id.uuidString)"))
                #expect(!list.body.contains(robs.id.uuidString))
                #expect(try await Self.send(client, "/conversations/\(danas.id)", headers: dana.headers).status == .ok)
                let other = try await Self.send(client, "/conversations/\(robs.id)", headers: dana.headers)
                #expect(other.status == .notFound)
                #expect(other.headers[.contentType]?.hasPrefix("text/html") == true)
                let missing = try await Self.send(client, "/conversations/\(UUID())", headers: dana.headers)
                #expect(missing.status == .notFound)
                #expect(missing.body == other.body, "another rep's thread answers exactly as a missing one")
                // Reps cannot ask for another rep's list; admins can.
                #expect(try await Self.send(client, "/conversations?rep=\(fixture.rob.id)", headers: dana.headers).status == .forbidden)
                let admin = try await Self.signIn(client, email: "ana@example.com", key: Fixture.adminKey)
                let robsList = try await Self.send(client, "/conversations?rep=\(fixture.rob.id)", headers: admin.headers)
                #expect(robsList.body.contains(robs.id.uuidString))
                #expect(try await Self.send(client, "/conversations/\(robs.id)", headers: admin.headers).status == .ok)
            }
        }
    }

    @Test func newConversationFromYourNumberOpensTheThreadOrSaysWhatIsWrong() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                let dana = try await Self.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                let list = try await Self.send(client, "/conversations", headers: dana.headers)
                // The form offers Dana's number, not Rob's.
                #expect(list.body.contains(fixture.danaNumber.id.uuidString))
                #expect(!list.body.contains(fixture.robNumber.id.uuidString))
                var headers = dana.headers
                headers[.contentType] = "application/x-www-form-urlencoded"
                let fields = [
                    ("number", fixture.danaNumber.id.uuidString), ("phone", "+52 55 9876 5432"), ("name", "Lucía <b>Ruiz</b>"),
                    ("language", "es"),
                ]
                // Without the CSRF token: refused, nothing created.
                let forged = try await Self.send(client, "/conversations", .post, headers: headers, body: Self.form(fields))
                #expect(forged.status == .forbidden)
                #expect(try await fixture.store.contact(phone: try PhoneNumber(parsing: "+52 55 9876 5432")) == nil)
                // With it: the contact and the thread, and the browser is sent there.
                let started = try await Self.send(client, "/conversations", .post, headers: headers, body: Self.form([("csrf", dana.csrf)] + fields))
                #expect(started.status == .seeOther)
                let contact = try #require(try await fixture.store.contact(phone: try PhoneNumber(parsing: "+52 55 9876 5432")))
                #expect(contact.name == "Lucía <b>Ruiz</b>")
                #expect(contact.preferredLanguage == LanguageTag("es"))
                let location = try #require(started.headers[.location])
                #expect(location.hasPrefix("/conversations/"))
                let thread = try await Self.send(client, location, headers: dana.headers)
                #expect(thread.status == .ok)
                #expect(thread.body.contains("Lucía &lt;b&gt;Ruiz&lt;/b&gt;"))
                // The same phone again finds the same thread.
                let again = try await Self.send(client, "/conversations", .post, headers: headers, body: Self.form([("csrf", dana.csrf)] + fields))
                #expect(again.headers[.location] == location)
                // Rob's number or a bad phone: the list again, with what was wrong.
                let robs = try await Self.send(
                    client, "/conversations", .post, headers: headers,
                    body: Self.form([("csrf", dana.csrf), ("number", fixture.robNumber.id.uuidString), ("phone", "+52 55 1111 2222")]))
                #expect(robs.status == .forbidden)
                #expect(robs.body.contains("role=\"alert\""))
                let badPhone = try await Self.send(
                    client, "/conversations", .post, headers: headers,
                    body: Self.form([("csrf", dana.csrf), ("number", fixture.danaNumber.id.uuidString), ("phone", "12")]))
                #expect(badPhone.status == .badRequest)
                #expect(badPhone.body.contains("role=\"alert\""))
            }
        }
    }

    @Test func everyPageHasTheSecurityHeadersAndNoInlineScriptOrStyle() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let contact = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María", preferredLanguage: nil, languageSource: nil)
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            _ = try await fixture.store.appendInbound(InboundMessageDraft(conversationID: conversation.id, text: "Hola"))
            try await fixture.app().test(.router) { client in
                let dana = try await Self.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                var pages = [("/sign-in", try await Self.send(client, "/sign-in"))]
                for path in ["/conversations", "/conversations/\(conversation.id)", "/conversations/\(UUID())"] {
                    pages.append((path, try await Self.send(client, path, headers: dana.headers)))
                }
                for (path, page) in pages {
                    #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                    #expect(
                        page.headers[HTTPField.Name("Content-Security-Policy")!]
                            == "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                        "\(path)")
                    #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(path)")
                    #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(path)")
                    #expect(page.headers[.cacheControl] == "no-store", "\(path)")
                    #expect(RouteScan.matches(#"<script(?![^>]*\ssrc=)"#, in: page.body).isEmpty, "inline script on \(path)")
                    #expect(!page.body.contains(" style="), "style attribute on \(path)")
                    #expect(!page.body.contains("<style"), "style element on \(path)")
                    #expect(RouteScan.matches(#"\son[a-z]+="#, in: page.body).isEmpty, "event handler attribute on \(path)")
                    #expect(page.body.contains("<script src=\"/assets/app.js?v="), "\(path)")
                }
            }
        }
    }

    @Test func aHostileInboundBodyIsShownAsText() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let contact = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "<img src=x onerror=alert(2)>", preferredLanguage: nil,
                languageSource: nil)
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            let hostile = "<script>alert(1)</script>"
            _ = try await fixture.store.appendInbound(
                InboundMessageDraft(
                    conversationID: conversation.id, text: hostile,
                    translation: MessageTranslation(status: .translated, detectedLanguage: LanguageTag("es"), shownText: "\"><script>alert(3)</script>")))
            try await fixture.app().test(.router) { client in
                let dana = try await Self.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                for path in ["/conversations", "/conversations/\(conversation.id)"] {
                    let page = try await Self.send(client, path, headers: dana.headers)
                    #expect(page.status == .ok)
                    #expect(!page.body.contains("<script>alert"), "\(path)")
                    #expect(!page.body.contains("<img src=x"), "\(path)")
                    #expect(page.body.contains("&lt;img src=x onerror=alert(2)&gt;"), "\(path)")
                    #expect(page.body.contains("&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"), "\(path)")
                }
                let thread = try await Self.send(client, "/conversations/\(conversation.id)", headers: dana.headers)
                #expect(thread.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the original, one click away")
            }
        }
    }

    /// OTTO's transcript: see ``WebLeadsAndContactsTests``.
    @Test func theThreadShowsTheOriginalTheSentTextAndPendingTranslations() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let contact = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María", preferredLanguage: LanguageTag("es"),
                languageSource: .funnel)
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            _ = try await fixture.store.appendInbound(
                InboundMessageDraft(
                    conversationID: conversation.id, text: "¿Pueden venir mañana?",
                    translation: MessageTranslation(status: .translated, detectedLanguage: LanguageTag("es"), shownText: "Can you come tomorrow?")))
            _ = try await fixture.store.appendInbound(InboundMessageDraft(conversationID: conversation.id, text: "Gracias"))
            _ = try await fixture.store.appendOutbound(
                OutboundMessageDraft(
                    conversationID: conversation.id, text: "Yes, at 9.",
                    translation: MessageTranslation(status: .translated, sentText: "Sí, a las 9.")))
            try await fixture.app().test(.router) { client in
                let dana = try await Self.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                let page = try await Self.send(client, "/conversations/\(conversation.id)", headers: dana.headers).body
                #expect(page.contains("Can you come tomorrow?"))
                #expect(page.contains("<summary>Original (es)</summary><p lang=\"es\">¿Pueden venir mañana?</p>"))
                #expect(page.contains("Translation pending"))
                #expect(page.contains("Yes, at 9."))
                #expect(page.contains("Sí, a las 9."))
                #expect(page.contains("id=\"compose\""))
                #expect(page.contains("data-conversation=\"\(conversation.id.uuidString)\""))
            }
        }
    }

    // MARK: - The API from the browser

    @Test func theSessionCookieAuthenticatesTheAPIOnlyWithTheCSRFTokenForWrites() async throws {
        try await Fixture.with(.sqlite) { fixture in
            let contact = try await fixture.store.createContact(
                phone: try PhoneNumber(parsing: "+52 55 1234 5678"), name: "María", preferredLanguage: nil, languageSource: nil)
            let conversation = try await fixture.store.findOrCreateConversation(numberID: fixture.danaNumber.id, contactID: contact.id)
            let read = "/v1/conversations/\(conversation.id)/read"
            try await fixture.app().test(.router) { client in
                let dana = try await Self.signIn(client, email: "dana@example.com", key: Fixture.danaKey)
                // Reads need only the cookie.
                let list = try await Self.send(client, "/v1/conversations", headers: dana.headers)
                #expect(list.status == .ok)
                #expect(list.body.contains(conversation.id.uuidString))
                // The event stream (EventSource sends no headers) is a GET: an invalid Last-Event-ID
                // answers at once, after the caller was let in.
                var events = dana.headers
                events[HTTPField.Name("Last-Event-ID")!] = "x"
                #expect(try await Self.send(client, "/v1/conversations/\(conversation.id)/events", headers: events).status == .badRequest)

                // Writes need the token too.
                #expect(try await Self.send(client, read, .post, headers: dana.headers(csrf: nil)).status == .forbidden)
                #expect(try await Self.send(client, read, .post, headers: dana.headers(csrf: "wrong")).status == .forbidden)
                let other = try await Self.signIn(client, email: "rob@example.com", key: Fixture.robKey)
                #expect(
                    try await Self.send(client, read, .post, headers: dana.headers(csrf: other.csrf)).status == .forbidden,
                    "another session's token")
                #expect(try await Self.send(client, read, .post, headers: dana.headers(csrf: dana.csrf)).status == .ok)
                let language = try await Self.send(
                    client, "/v1/contacts/\(contact.id)/language", .put, headers: dana.headers(csrf: dana.csrf), body: #"{"language":"es"}"#)
                #expect(language.status == .ok)
                // Without a cookie or key: 401 as before.
                #expect(try await Self.send(client, "/v1/conversations").status == .unauthorized)
            }
        }
    }

    @Test func assetsAreServedWithTheirTypesAndLongCaching() async throws {
        try await Fixture.with(.sqlite) { fixture in
            try await fixture.app().test(.router) { client in
                for (name, type) in [("app.css", "text/css; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8")] {
                    let reply = try await Self.send(client, "/assets/\(name)")
                    #expect(reply.status == .ok)
                    #expect(reply.headers[.contentType] == type)
                    #expect(reply.headers[.cacheControl] == "public, max-age=31536000, immutable")
                    #expect(reply.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                    #expect(reply.body.count > 500)
                }
                #expect(try await Self.send(client, "/assets/nothing.js").status == .notFound)
                #expect(try await Self.send(client, "/assets/..%2FPackage.swift").status == .notFound)
            }
        }
    }
}

/// A settable wall clock for session expiry.
final class WebTestClock: Sendable {
    private let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { time.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
}
