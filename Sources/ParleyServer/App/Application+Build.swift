public import Hummingbird

/// Builds the Parley service: its routes over the given services.
/// - Parameters:
///   - services: the pipeline, the store, the sender and the access keys.
///   - configuration: the address and server name.
public func buildApplication(
    _ services: ParleyServices, configuration: ApplicationConfiguration = .init()
) -> some ApplicationProtocol {
    Application(router: buildRouter(services), configuration: configuration)
}

/// The service's router, for ``buildApplication(_:configuration:)`` and for tests.
/// - Parameters:
///   - services: the pipeline, the store, the sender and the access keys.
public func buildRouter(_ services: ParleyServices) -> Router<ParleyRequestContext> {
    let router = Router(context: ParleyRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: AuthenticationMiddleware(access: services.access, store: services.store))
    HealthController(services: services).addRoutes(to: router)
    InboundWebhookController(services: services).addRoutes(to: router)
    StatusWebhookController(services: services).addRoutes(to: router)
    let v1 = router.group("v1")
    PreviewController(services: services).addRoutes(to: v1)
    ConversationsController(services: services).addRoutes(to: v1)
    EventsController(services: services).addRoutes(to: v1)
    LeadsController(services: services).addRoutes(to: v1)
    GlossaryController(services: services).addRoutes(to: v1)
    return router
}
