public import ParleyMessaging
public import Hummingbird
internal import Foundation

/// The request context of Parley's routes: Hummingbird's core context and the caller's identity,
/// set by `AuthenticationMiddleware`.
public struct ParleyRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who is calling; nil on open routes.
    public var identity: Identity?
    /// The web panel's session, when the request carried a live `parley_session` cookie (set by
    /// ``WebSessionMiddleware``).
    var webSession: WebSessions.Session?
    /// The key that signed the request in, when one did (set by `AuthenticationMiddleware`), so
    /// a long request such as an event stream can tell when it stops working.
    var credential: Credential?
    /// The peer's IP address, when the connection has one (the proxy's, behind a proxy).
    let remoteAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        webSession = nil
        credential = nil
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The caller's identity, or a 401 problem.
    public func requireIdentity() throws -> Identity {
        guard let identity else {
            throw Problem(.unauthorized, "Not signed in", detail: "Send an API key in the Authorization header: Bearer KEY.")
        }
        return identity
    }
}

/// What a bearer key that signed a request in was.
enum Credential: Sendable, Hashable {
    /// A key issued in the app, by its identifier: it stops working when revoked.
    case storeKey(UUID)
    /// A `PARLEY_API_KEYS` key of a rep or admin: it stops working when they are deactivated.
    case environmentKey(personID: UUID)
    /// The messaging core's `PARLEY_API_KEYS` key, which works until the service restarts without it.
    case environmentCoreKey
}
