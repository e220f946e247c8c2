public import ParleyMessaging
public import Hummingbird

/// The request context of Parley's routes: Hummingbird's core context and the caller's identity,
/// set by ``AuthenticationMiddleware``.
public struct ParleyRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who is calling; nil on open routes.
    public var identity: Identity?
    /// The web panel's session, when the request carried a live `parley_session` cookie (set by
    /// ``WebSessionMiddleware``).
    var webSession: WebSessions.Session?
    /// The peer's IP address, when the connection has one (the proxy's, behind a proxy).
    let remoteAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        webSession = nil
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
