internal import ParleyMessaging
internal import Hummingbird
internal import ParleyThreads

/// Resolves `Authorization: Bearer KEY` to an ``Identity``: the messaging core, or the rep or admin
/// the key belongs to. An unknown key is refused at once (401); no key leaves the identity unset
/// for open routes, and routes that need one ask with ``ParleyRequestContext/requireIdentity()``.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let access: AccessKeys
    let store: (any ThreadStore)?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.hasPrefix("Bearer "), let grant = access.grant(for: String(header.dropFirst(7))) else {
            throw Problem(.unauthorized, "Unknown API key", detail: "The Authorization header does not hold a key this service knows.")
        }
        var context = context
        switch grant {
        case .core:
            context.identity = .core
        case .person(let email):
            guard let store, let rep = try await store.rep(email: email) else {
                throw Problem(.unauthorized, "Unknown person", detail: "The key belongs to \(email), who is not a rep or admin here.")
            }
            context.identity = rep.role == .admin ? .admin(rep.id) : .rep(rep.id)
        }
        return try await next(request, context)
    }
}
