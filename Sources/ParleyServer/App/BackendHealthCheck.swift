internal import ParleyTranslation
internal import Synchronization

/// The backend's health as `/healthz` reports it, asked of the backend at most once per
/// ``maximumAge``: a load balancer or a load test polling `/healthz` does not become load on the
/// translation service. Callers that arrive while a check runs wait for that check.
final class BackendHealthCheck: Sendable {
    private struct State {
        var last: (health: BackendHealth, at: ContinuousClock.Instant)?
        var running: Task<BackendHealth, Never>?
    }

    let backend: any TranslationBackend
    /// How long an answer is reported before the backend is asked again.
    let maximumAge: Duration
    private let state = Mutex(State())

    /// - Parameters:
    ///   - backend: the backend to ask.
    ///   - maximumAge: how long an answer is reused; one second by default.
    init(backend: any TranslationBackend, maximumAge: Duration = .seconds(1)) {
        self.backend = backend
        self.maximumAge = maximumAge
    }

    /// The backend's health, at most ``maximumAge`` old.
    func health() async -> BackendHealth {
        let now = ContinuousClock.now
        let (known, task): (BackendHealth?, Task<BackendHealth, Never>?) = state.withLock { state in
            if let last = state.last, now - last.at < maximumAge { return (last.health, nil) }
            if let running = state.running { return (nil, running) }
            let backend = self.backend
            let running = Task { await backend.health() }
            state.running = running
            return (nil, running)
        }
        if let known { return known }
        guard let task else { preconditionFailure("a health check with neither an answer nor a check running") }
        let health = await task.value
        state.withLock { state in
            if state.running == task {
                state.running = nil
                state.last = (health, ContinuousClock.now)
            }
        }
        return health
    }
}
