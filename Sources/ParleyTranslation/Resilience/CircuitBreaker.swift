/// Stops calling a backend that keeps failing: after `failureThreshold` failures in a row the
/// circuit opens and calls fail at once for `openDuration`; then one trial call is let through
/// (half-open), and its success closes the circuit again.
public actor CircuitBreaker {
    /// The breaker's state.
    public enum State: Sendable, Hashable {
        case closed
        case open(until: ContinuousClock.Instant)
        case halfOpen
    }

    public let failureThreshold: Int
    public let openDuration: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private var consecutiveFailures = 0
    private var trialInFlight = false
    public private(set) var state: State = .closed

    /// - Parameters:
    ///   - failureThreshold: failures in a row that open the circuit.
    ///   - openDuration: how long it stays open.
    ///   - now: the clock (tests pass their own).
    public init(
        failureThreshold: Int = 5, openDuration: Duration = .seconds(30),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.failureThreshold = max(1, failureThreshold)
        self.openDuration = openDuration
        self.now = now
    }

    /// Whether a call may go through now; when it returns true the caller must report the outcome.
    public func allowCall() -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until):
            guard now() >= until else { return false }
            state = .halfOpen
            trialInFlight = true
            return true
        case .halfOpen:
            if trialInFlight { return false }
            trialInFlight = true
            return true
        }
    }

    /// Reports a successful call.
    public func recordSuccess() {
        consecutiveFailures = 0
        trialInFlight = false
        state = .closed
    }

    /// Reports a call that ended without telling anything about the backend (cancelled); a
    /// half-open trial slot is freed for the next caller.
    public func recordAbandoned() {
        trialInFlight = false
    }

    /// Reports a failed call (one that says the backend is unwell: time-outs, 5xx, refused connections).
    public func recordFailure() {
        trialInFlight = false
        consecutiveFailures += 1
        if state == .halfOpen || consecutiveFailures >= failureThreshold {
            state = .open(until: now() + openDuration)
        }
    }

    /// How long the circuit stays open from now, by the breaker's clock; nil when it is not open.
    public var remainingOpenTime: Duration? {
        guard case .open(let until) = state else { return nil }
        return max(.zero, until - now())
    }

    /// When the circuit closes again, if it is open.
    public var reopensAt: ContinuousClock.Instant? {
        if case .open(let until) = state { return until }
        return nil
    }
}
