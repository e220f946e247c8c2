internal import ParleyMessaging
internal import Hummingbird
internal import ParleyTranslation

/// `GET /healthz`: whether the service and its backend answer.
struct HealthController {
    let services: ParleyServices
    /// The backend's health, asked at most once a second.
    let check: BackendHealthCheck

    init(services: ParleyServices) {
        self.services = services
        check = BackendHealthCheck(backend: services.pipeline.backend)
    }

    struct Health: ResponseEncodable {
        var status: String
        var backend: String
        var backendHealthy: Bool
        var detail: String
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("healthz") { _, _ -> EditedResponse<Health> in
            let backend = services.pipeline.backend
            let health = await check.health()
            // The service is up either way; a sick backend only degrades translation.
            return EditedResponse(
                status: .ok,
                response: Health(status: "ok", backend: backend.identity, backendHealthy: health.isHealthy, detail: health.detail))
        }
    }
}
