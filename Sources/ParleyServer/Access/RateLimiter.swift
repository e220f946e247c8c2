internal import ParleyMessaging
internal import Foundation
internal import Synchronization

/// Token buckets per caller, for ``RateLimitMiddleware``. Buckets idle long enough to be full
/// again are dropped, so the table stays as small as the set of active callers.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// The outcome for one request.
    enum Decision: Equatable {
        case allowed
        /// Refused; the caller may try again after this many seconds.
        case refused(retryAfter: Int)
    }

    let limit: RateLimit
    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock = ContinuousClock()

    init(limit: RateLimit) {
        self.limit = limit
    }

    /// Takes one token from the caller's bucket.
    /// - Parameters:
    ///   - key: who is asking (an identity).
    func take(_ key: String) -> Decision {
        let now = clock.now
        let perSecond = Double(limit.requestsPerMinute) / 60
        let capacity = Double(limit.burst)
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = Self.seconds(now - bucket.updated)
            bucket.tokens = min(capacity, bucket.tokens + elapsed * perSecond)
            bucket.updated = now
            if buckets.count > 10_000 { Self.dropFull(&buckets, now: now, perSecond: perSecond, capacity: capacity) }
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return .refused(retryAfter: Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return .allowed
        }
    }

    private static func dropFull(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant, perSecond: Double, capacity: Double) {
        buckets = buckets.filter { _, bucket in bucket.tokens + seconds(now - bucket.updated) * perSecond < capacity }
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
