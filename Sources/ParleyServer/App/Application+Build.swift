public import Hummingbird

/// Builds the Parley service: its routes over the given services.
/// - Parameters:
///   - services: the pipeline (and, to come, the thread store).
///   - configuration: the address and server name.
public func buildApplication(
    _ services: ParleyServices, configuration: ApplicationConfiguration = .init()
) -> some ApplicationProtocol {
    let router = Router()
    router.add(middleware: ProblemMiddleware())
    HealthController(services: services).addRoutes(to: router)
    PreviewController(services: services).addRoutes(to: router.group("v1"))
    return Application(router: router, configuration: configuration)
}
