internal import ParleyMessaging
internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import Logging
internal import ParleyThreads

/// The web panel: sign-in and sign-out, and the rep's pages (in `WebController+Conversations.swift`).
/// Pages are rendered on the server from Mustache templates and read the store through the same
/// ``ThreadAccess`` rules as the API; their script calls the JSON API with the session cookie and
/// the page's CSRF token.
struct WebController {
    let services: ParleyServices
    /// Sign-in attempts per email and per peer address, counted across replicas in the store.
    let signInAttempts = SignInThrottle()

    /// The cookie that carries a sign-in form's token until the form is posted (double submit:
    /// there is no session yet to hold it).
    static let signInCookie = "parley_signin"
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func addRoutes(to router: Router<ParleyRequestContext>) {
        router.get("/") { _, context -> Response in
            Response.redirect(to: context.webSession == nil ? "/sign-in" : "/conversations")
        }
        router.get("sign-in") { request, context -> Response in
            if context.webSession != nil { return Response.redirect(to: "/conversations") }
            return try signInForm(request, email: "", error: nil, status: .ok)
        }
        router.post("sign-in", use: signIn)
        router.post("sign-out", use: signOut)
        router.get("conversations", use: conversationsPage)
        router.post("conversations", use: startConversation)
        router.get("conversations/:id", use: threadPage)
        router.get("contacts", use: contactsPage)
        router.get("contacts/:id", use: contactPage)
        router.get("leads", use: leadsPage)
        router.post("leads/:id/pick-up", use: pickUpLead)
    }

    // MARK: - Page chrome

    /// What every page's layout shows: its title, the asset URLs, the person signed in, the
    /// navigation with the page shown marked (`aria-current`), and the session's CSRF token.
    struct Chrome {
        struct Person {
            var name: String
            var email: String
            var isAdmin: Bool
        }

        /// A link of the navigation bar.
        struct NavigationLink {
            var label: String
            var href: String
            /// Whether the page shown is this link's page or one below it.
            var current: Bool
        }

        var title: String
        var css = AssetsController.url("app.css")
        var js = AssetsController.url("app.js")
        /// A page's own stylesheet and script (`/assets/NAME`), after the shared ones; set with
        /// ``AssetsController/url(_:)``.
        var pageCSS: String?
        var pageJS: String?
        var csrf: String
        var person: Person?
        /// The navigation of a signed-in person: everyone's pages, then the admins'.
        var navigation: [NavigationLink] = []
        var favicon = AssetsController.url("favicon.svg")

        init(title: String, session: WebSessions.Session?, csrf: String? = nil) {
            self.title = title
            self.csrf = csrf ?? session?.csrfToken ?? ""
            if let session {
                var isAdmin = false
                if case .admin = session.identity { isAdmin = true }
                person = Person(name: session.name, email: session.email, isAdmin: isAdmin)
                let path = PagePath.current ?? ""
                navigation = (Self.everyone + (isAdmin ? Self.admins : [])).map { label, href in
                    NavigationLink(label: label, href: href, current: path == href || path.hasPrefix(href + "/"))
                }
            }
        }

        static let everyone = [("Conversations", "/conversations"), ("Leads", "/leads"), ("Contacts", "/contacts"), ("Templates", "/templates")]
        static let admins = [("Team", "/admin/team"), ("Numbers", "/admin/numbers"), ("Glossaries", "/admin/glossaries"), ("Memory", "/admin/memory")]
    }

    struct ErrorPage {
        var chrome: Chrome
        var heading: String
        var detail: String
    }

    /// A problem as an HTML page with its status.
    static func errorPage(_ problem: Problem, session: WebSessions.Session?) throws -> Response {
        var response = try WebTemplates.page(
            "error", ErrorPage(chrome: Chrome(title: problem.title, session: session), heading: problem.title, detail: problem.detail),
            status: problem.status)
        // Retry-After and the like still apply.
        for field in problem.headers where response.headers[field.name] == nil { response.headers.append(field) }
        return response
    }

    // MARK: - Sign-in

    struct SignInPage {
        var chrome: Chrome
        var email: String
        var error: String?
    }

    struct SignInForm: Decodable {
        var email: String?
        var key: String?
        var csrf: String?
    }

    private func signInForm(_ request: Request, email: String, error: String?, status: HTTPResponse.Status) throws -> Response {
        let token = WebSessions.randomToken()
        var response = try WebTemplates.page(
            "sign-in", SignInPage(chrome: Chrome(title: "Sign in", session: nil, csrf: token), email: email, error: error), status: status)
        response.setCookie(
            Cookie(
                name: Self.signInCookie, value: token, maxAge: 3600, path: "/sign-in", secure: Self.isSecure(request), httpOnly: true,
                sameSite: .strict))
        return response
    }

    /// Email and the person's API key: the same key the API takes, so no password is stored.
    @Sendable func signIn(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        let form = (try? URLEncodedFormDecoder().decode(SignInForm.self, from: String(buffer: body))) ?? SignInForm()
        let email = (form.email ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let cookie = request.cookies[Self.signInCookie], let token = form.csrf, WebSessions.tokensMatch(cookie.value, token) else {
            return try signInForm(request, email: email, error: "This sign-in form has expired. Please try again.", status: .forbidden)
        }
        // Every attempt counts, on every replica, so a key cannot be guessed by trying many.
        let address = ClientAddress.resolve(
            remote: context.remoteAddress, forwardedFor: request.headers[values: Self.forwardedFor], trusted: services.trustedProxies)
        if let retryAfter = try await signInAttempts.check(email: email, address: address, store: services.store) {
            context.logger.notice("web sign-in throttled", metadata: ["parley.email": "\(email)"])
            let minutes = max(1, (retryAfter + 59) / 60)
            var response = try signInForm(
                request, email: email,
                error: "Too many sign-in attempts. Wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again, or ask your admin for your access key.",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(retryAfter)
            return response
        }
        let refused = "That email and access key do not match a rep or admin here."
        guard let rep = try await signInPerson(email: email, key: form.key ?? "") else {
            context.logger.info("web sign-in refused", metadata: ["parley.email": "\(email)"])
            return try signInForm(request, email: email, error: refused, status: .unauthorized)
        }
        let identity: Identity = rep.role == .admin ? .admin(rep.id) : .rep(rep.id)
        let session = try await services.webSessions.start(identity: identity, email: rep.email, name: rep.name)
        context.logger.info("web sign-in", metadata: ["parley.email": "\(email)"])
        var response = Response.redirect(to: "/conversations")
        response.setCookie(
            Cookie(
                name: WebSessionMiddleware.cookieName, value: session.id, path: "/", secure: Self.isSecure(request), httpOnly: true,
                sameSite: .strict))
        response.setCookie(
            Cookie(name: Self.signInCookie, value: "", maxAge: 0, path: "/sign-in", secure: Self.isSecure(request), httpOnly: true, sameSite: .strict))
        return response
    }

    /// The active person an email and key sign in: a `PARLEY_API_KEYS` entry of theirs, or a key
    /// issued to them in the app and not revoked; nil otherwise.
    private func signInPerson(email: String, key: String) async throws -> Rep? {
        guard let store = services.store else { return nil }
        if case .person(let keyEmail)? = services.access.grant(for: key) {
            guard keyEmail == email, let rep = try await store.rep(email: email), rep.isActive else { return nil }
            return rep
        }
        guard let person = try await StoreKeys(store: store, now: services.now).resolve(key)?.person, person.email.lowercased() == email else { return nil }
        return person
    }

    /// Ends the session (its CSRF token was checked by ``WebSessionMiddleware``) and clears the cookie.
    @Sendable func signOut(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        if let session = context.webSession { try await services.webSessions.end(id: session.id) }
        var response = Response.redirect(to: "/sign-in")
        response.setCookie(
            Cookie(
                name: WebSessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: Self.isSecure(request), httpOnly: true,
                sameSite: .strict))
        return response
    }

    /// Whether the browser reached the service over https (directly or through a proxy that says so).
    static func isSecure(_ request: Request) -> Bool {
        request.uri.scheme?.rawValue == "https" || request.headers[forwardedProto]?.lowercased() == "https"
    }
}
