/// When and how long to wait before trying a backend again: exponential backoff with full jitter,
/// honouring the provider's `Retry-After`.
public struct RetryPolicy: Sendable {
    /// Tries in all, the first included.
    public var maximumAttempts: Int
    /// The first backoff's upper bound; it doubles with each attempt.
    public var baseDelay: Duration
    /// The longest backoff.
    public var maximumDelay: Duration
    /// The longest `Retry-After` honoured; a provider asking for more fails at once (so a fallback
    /// can answer instead of keeping a rep waiting).
    public var maximumRetryAfter: Duration

    /// - Parameters:
    ///   - maximumAttempts: tries in all.
    ///   - baseDelay: the first backoff's upper bound.
    ///   - maximumDelay: the longest backoff.
    ///   - maximumRetryAfter: the longest `Retry-After` honoured.
    public init(
        maximumAttempts: Int = 3, baseDelay: Duration = .milliseconds(200), maximumDelay: Duration = .seconds(5),
        maximumRetryAfter: Duration = .seconds(10)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// No retries.
    public static let none = RetryPolicy(maximumAttempts: 1)

    /// How long to wait before attempt `attempt + 1` after `error`, or nil to give up.
    /// - Parameters:
    ///   - error: the failure.
    ///   - attempt: the attempt that failed, from 1.
    ///   - random: a number in 0..<1 (the jitter).
    public func delay(after error: TranslationError, attempt: Int, random: Double) -> Duration? {
        guard attempt < maximumAttempts, error.isRetryable else { return nil }
        if let retryAfter = error.retryAfter {
            return retryAfter <= maximumRetryAfter ? retryAfter : nil
        }
        let ceiling = min(maximumDelay, baseDelay * (1 << min(attempt - 1, 20)))
        return ceiling * min(max(random, 0), 1)
    }
}
