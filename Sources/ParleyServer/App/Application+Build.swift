internal import ParleyMessaging
public import Hummingbird
package import Logging
package import NIOCore
package import ServiceLifecycle

/// The HTTP application alone: the routes over services assembled by the caller (the tests), without
/// the job worker or glossary sync. The service itself is built by ``buildApplication(configuration:logger:)``.
/// - Parameters:
///   - services: the pipeline, the store, the sender and the access keys.
///   - configuration: the address and server name.
///   - logger: the service's logger.
///   - onServerRunning: called once the server listens, with its channel (and so its bound address).
package func buildApplication(
    _ services: ParleyServices, configuration: ApplicationConfiguration = .init(), logger: Logger? = nil,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol & Service {
    Application(router: buildRouter(services), configuration: configuration, onServerRunning: onServerRunning, logger: logger)
}

/// The service's routes over the given services, for an application of one's own and for tests.
/// - Parameters:
///   - services: the pipeline, the store, the sender and the access keys.
public func buildRouter(_ services: ParleyServices) -> Router<ParleyRequestContext> {
    let router = Router(context: ParleyRequestContext.self)
    if let registry = services.metrics {
        router.add(middleware: MetricsMiddleware())
        MetricsController(registry: registry).addRoutes(to: router)
    }
    router.add(middleware: WebSecurityHeadersMiddleware())
    router.add(middleware: WebErrorPageMiddleware(sessions: services.webSessions))
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: AuthenticationMiddleware(access: services.access, store: services.store, now: services.now))
    router.add(middleware: WebSessionMiddleware(sessions: services.webSessions))
    router.add(middleware: AdminDetailMiddleware())
    if let limit = services.rateLimit {
        router.add(middleware: RateLimitMiddleware(limiter: RateLimiter(limit: limit, store: services.store, now: services.now)))
    }
    HealthController(services: services).addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    InboundWebhookController(services: services).addRoutes(to: router)
    StatusWebhookController(services: services).addRoutes(to: router)
    let v1 = router.group("v1")
    PreviewController(services: services).addRoutes(to: v1)
    ConversationsController(services: services).addRoutes(to: v1)
    EventsController(services: services).addRoutes(to: v1)
    LeadsController(services: services).addRoutes(to: v1)
    TemplatesController(services: services).addRoutes(to: v1)
    GlossaryController(services: services).addRoutes(to: v1)
    MemoryController(services: services).addRoutes(to: v1)
    TeamController(services: services).addRoutes(to: v1)
    // The web panel: HTML pages, not part of the API description.
    AssetsController().addRoutes(to: router)
    TemplatesPagesController(services: services).addRoutes(to: router)
    WebController(services: services).addRoutes(to: router)
    GlossaryPagesController(services: services).addRoutes(to: router)
    MemoryPagesController(services: services).addRoutes(to: router)
    TeamPagesController(services: services).addRoutes(to: router)
    return router
}
