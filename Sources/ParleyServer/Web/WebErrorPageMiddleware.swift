internal import ParleyMessaging
internal import HTTPTypes
internal import Hummingbird
internal import Logging

/// Shows a browser an HTML page for a problem on the web panel's own routes (a stale form's CSRF
/// token, a conversation that is not yours, the database down), where the JSON API, the webhooks
/// and other machine routes keep answering with problem details. A page is what the browser asked
/// for when its `Accept` names `text/html`, as navigations and form posts do.
struct WebErrorPageMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let sessions: WebSessions

    /// Routes that always answer in JSON or plain text.
    static let machinePrefixes = ["/v1/", "/webhooks/", "/assets/", "/healthz", "/metrics", "/openapi"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            guard Self.wantsPage(request) else { throw problem }
            // The page's header names the person when the session can still be read.
            var session: WebSessions.Session?
            if let cookie = request.cookies[WebSessionMiddleware.cookieName] { session = try? await sessions.session(id: cookie.value) }
            return try WebController.errorPage(problem, session: session)
        }
    }

    static func wantsPage(_ request: Request) -> Bool {
        let path = request.uri.path
        if machinePrefixes.contains(where: { path.hasPrefix($0) }) { return false }
        return request.headers[.accept]?.contains("text/html") == true
    }
}
