/// How many requests one caller may make: a token bucket of ``burst`` requests refilled at
/// ``requestsPerMinute``.
public struct RateLimit: Sendable, Hashable {
    /// The steady rate.
    public var requestsPerMinute: Int
    /// How many requests may come at once after a quiet spell.
    public var burst: Int

    /// - Parameters:
    ///   - requestsPerMinute: the steady rate, at least 1.
    ///   - burst: how many may come at once, at least 1.
    public init(requestsPerMinute: Int = 600, burst: Int = 60) {
        self.requestsPerMinute = max(1, requestsPerMinute)
        self.burst = max(1, burst)
    }
}
