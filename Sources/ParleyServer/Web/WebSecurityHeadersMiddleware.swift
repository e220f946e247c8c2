internal import ParleyMessaging
internal import HTTPTypes
internal import Hummingbird

/// Security headers: `X-Content-Type-Options: nosniff` on every response; on HTML pages also a
/// Content-Security-Policy that allows only the service's own scripts, styles and connections (no
/// inline script or style anywhere), no framing, `Referrer-Policy: same-origin`, and no caching;
/// the API's answers (`/v1/`), which hold conversations and contacts, are not cached either.
struct WebSecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    }
    static var contentSecurityPolicyName: HTTPField.Name { HTTPField.Name("Content-Security-Policy")! }
    static var contentTypeOptionsName: HTTPField.Name { HTTPField.Name("X-Content-Type-Options")! }
    static var referrerPolicyName: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await PagePath.$current.withValue(request.uri.path) { try await next(request, context) }
        } catch let error as any HTTPResponseError {
            // Problems get the same headers as answers.
            response = try error.response(from: request, context: context)
        }
        response.headers[Self.contentTypeOptionsName] = "nosniff"
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.headers[Self.contentSecurityPolicyName] = Self.contentSecurityPolicy
            response.headers[Self.referrerPolicyName] = "same-origin"
            if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        } else if request.uri.path.hasPrefix("/v1/"), response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
