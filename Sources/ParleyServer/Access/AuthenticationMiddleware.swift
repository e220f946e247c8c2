internal import Foundation
internal import ParleyMessaging
internal import Hummingbird
internal import ParleyThreads

/// Resolves `Authorization: Bearer KEY` to an ``Identity``: the messaging core, or the rep or admin
/// the key belongs to. A key is a `PARLEY_API_KEYS` entry (a bootstrap, which the app cannot
/// revoke) or a key issued in the app (stored as its SHA-256, revocable). A revoked key, an
/// unknown one, or the key of a deactivated person is refused at once (401); no key leaves the
/// identity unset for open routes, and routes that need one ask with
/// ``ParleyRequestContext/requireIdentity()``.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let access: AccessKeys
    let store: (any ThreadStore)?
    /// The clock a key's last use is recorded by (at most once a minute).
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let unknown = Problem(
            .unauthorized, "Unknown API key",
            detail: "The Authorization header does not hold a key this service knows, or the key was revoked. Ask an admin for a new key.")
        guard header.hasPrefix("Bearer ") else { throw unknown }
        let key = String(header.dropFirst(7))
        var context = context
        switch access.grant(for: key) {
        case .core:
            context.identity = .core
            context.credential = .environmentCoreKey
        case .person(let email):
            guard let store, let rep = try await store.rep(email: email) else {
                throw Problem(.unauthorized, "Unknown person", detail: "The key belongs to \(email), who is not a rep or admin here.")
            }
            guard rep.isActive else {
                throw Problem(.unauthorized, "Deactivated", detail: "\(rep.name) was deactivated by an admin; their keys no longer work.")
            }
            context.identity = rep.role == .admin ? .admin(rep.id) : .rep(rep.id)
            context.credential = .environmentKey(personID: rep.id)
        case nil:
            guard let store, let resolved = try await StoreKeys(store: store, now: now).resolve(key) else { throw unknown }
            context.identity = resolved.identity
            context.credential = .storeKey(resolved.key.id)
        }
        return try await next(request, context)
    }
}
