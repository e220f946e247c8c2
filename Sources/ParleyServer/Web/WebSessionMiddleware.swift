internal import ParleyMessaging
internal import HTTPTypes
internal import Hummingbird

/// Resolves the web panel's `parley_session` cookie into the caller's identity, for the pages and
/// for the JSON API the pages call with `fetch` and `EventSource`. A bearer key always wins (it
/// goes after ``AuthenticationMiddleware``). A cookie never authenticates an unsafe request on its
/// own: POST, PUT, PATCH and DELETE must carry the session's CSRF token, in the `X-CSRF-Token`
/// header (fetch) or a `csrf` form field (forms), or they are refused with 403.
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let sessions: WebSessions

    static let cookieName = "parley_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    /// The largest form whose `csrf` field is read here; forms are small.
    static let formLimit = 64 * 1024

    struct CSRFField: Decodable {
        var csrf: String?
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity == nil, request.headers[.authorization] == nil,
            let cookie = request.cookies[Self.cookieName]
        else { return try await next(request, context) }
        // Signing in starts a new session whatever the browser still holds; assets need none.
        let path = request.uri.path
        if path.hasPrefix("/assets/") || (path == "/sign-in" && request.method == .post) {
            return try await next(request, context)
        }
        guard let session = try await sessions.session(id: cookie.value) else { return try await next(request, context) }
        var request = request
        if !Self.isSafe(request.method) {
            var presented = request.headers[Self.csrfHeader]
            if presented == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
                let body = try await request.collectBody(upTo: Self.formLimit)
                presented = (try? URLEncodedFormDecoder().decode(CSRFField.self, from: String(buffer: body)))?.csrf
            }
            guard let presented, WebSessions.tokensMatch(presented, session.csrfToken) else {
                throw Problem(
                    .forbidden, "Missing or wrong CSRF token",
                    detail: "A request signed in by the session cookie must carry the page's CSRF token (X-CSRF-Token or the csrf form field). Reload the page and try again.")
            }
        }
        var context = context
        context.identity = session.identity
        context.webSession = session
        return try await next(request, context)
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool {
        method == .get || method == .head || method == .options
    }
}
