internal import Foundation
internal import ParleyThreads
internal import Synchronization

/// Token buckets per caller, for ``RateLimitMiddleware``, and, with a store, the limit held across
/// every replica that shares it.
///
/// Each replica keeps a token bucket per caller (``RateLimit/burst``, refilled at
/// ``RateLimit/requestsPerMinute``), answered in memory. With a store, the callers' requests are
/// also counted per minute (windows starting on the minute) in a counter every replica shares:
/// at most once every ``syncInterval`` per active caller, a replica adds the requests it let through
/// since its last report and reads the cluster's total back in the same statement, and refuses
/// the caller once that total (plus what it let through since) reaches the minute's limit. No request
/// waits for the database but the one that reports, and only one a second per caller does.
///
/// The lag: a replica learns of the others' requests up to ``syncInterval`` late, so in a minute a
/// cluster of N replicas lets a caller through at most `requestsPerMinute` plus, for each other
/// replica, what its bucket lets through in one ``syncInterval`` (`burst` + `requestsPerMinute`/60
/// with the defaults: 70 more per other replica).
///
/// Buckets idle long enough to be full again are dropped, so the table stays as small as the set of
/// active callers.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Date
    }

    /// What this replica knows of a caller's minute across the cluster.
    struct Window {
        var start: Date
        /// The cluster's total at the last report (this replica's reported requests included).
        var total = 0
        /// Requests let through here since the last report.
        var unreported = 0
        /// When this replica last reported; nil before its first report in the window.
        var reported: Date?
    }

    /// The outcome for one request.
    enum Decision: Equatable {
        case allowed
        /// Refused; the caller may try again after this many seconds.
        case refused(retryAfter: Int)
    }

    let limit: RateLimit
    /// The store whose counters every replica shares; nil to count in this process alone.
    let store: (any ThreadStore)?
    /// How often, at most, this replica reports a caller's requests to the store.
    let syncInterval: Duration
    private let now: @Sendable () -> Date
    private let buckets = Mutex<[String: Bucket]>([:])
    private let windows = Mutex<[String: Window]>([:])

    /// The length of a shared window.
    static let window: TimeInterval = 60

    /// - Parameters:
    ///   - limit: each caller's limit.
    ///   - store: the store whose counters the replicas share; nil to count in this process alone.
    ///   - syncInterval: how often, at most, a caller's requests are reported to the store.
    ///   - now: the wall clock; tests pass one that moves only when told to.
    init(
        limit: RateLimit, store: (any ThreadStore)? = nil, syncInterval: Duration = .seconds(1),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.limit = limit
        self.store = store
        self.syncInterval = syncInterval
        self.now = now
    }

    /// Lets one request of a caller through or refuses it: its replica's bucket first, then, with a
    /// store, the cluster's count for the minute (reported and read back at most once every
    /// ``syncInterval``). A store that fails leaves the bucket alone to decide.
    /// - Parameters:
    ///   - key: who is asking (an identity).
    func admit(_ key: String) async -> Decision {
        guard let store else { return take(key) }
        let now = now()
        let start = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / Self.window).rounded(.down) * Self.window)
        let retryAfter = max(1, Int(start.addingTimeInterval(Self.window).timeIntervalSince(now).rounded(.up)))
        let interval = Double(syncInterval.components.seconds) + Double(syncInterval.components.attoseconds) / 1e18
        // Decide on what this replica knows, and claim the report when it is due.
        let outcome: (decision: Decision, report: Int?) = windows.withLock { windows in
            var window = windows[key].flatMap { $0.start == start ? $0 : nil } ?? Window(start: start)
            if windows.count > 10_000 { windows = windows.filter { $0.value.start == start } }
            let decision: Decision
            if window.total + window.unreported >= limit.requestsPerMinute {
                decision = .refused(retryAfter: retryAfter)
            } else {
                decision = take(key, at: now)
                if decision == .allowed { window.unreported += 1 }
            }
            // A refused request reports too, so the others learn of what this replica let through.
            var report: Int?
            if window.reported.map({ now.timeIntervalSince($0) >= interval }) ?? true {
                report = window.unreported
                window.unreported = 0
                window.reported = now
            }
            windows[key] = window
            return (decision, report)
        }
        guard let count = outcome.report else { return outcome.decision }
        do {
            let total = try await store.addToRateWindow(key: key, windowStart: start, count: count)
            windows.withLock { windows in
                guard var window = windows[key], window.start == start else { return }
                window.total = max(window.total, total)
                windows[key] = window
            }
        } catch {
            // Reported with the next one, a sync interval later: a store that is down is not asked
            // again on every request.
            windows.withLock { windows in
                guard var window = windows[key], window.start == start else { return }
                window.unreported += count
                windows[key] = window
            }
        }
        return outcome.decision
    }

    /// Takes one token from the caller's bucket in this process.
    /// - Parameters:
    ///   - key: who is asking (an identity).
    func take(_ key: String) -> Decision {
        take(key, at: now())
    }

    private func take(_ key: String, at now: Date) -> Decision {
        let perSecond = Double(limit.requestsPerMinute) / 60
        let capacity = Double(limit.burst)
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(capacity, bucket.tokens + elapsed * perSecond)
            bucket.updated = max(now, bucket.updated)
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

    private static func dropFull(_ buckets: inout [String: Bucket], now: Date, perSecond: Double, capacity: Double) {
        buckets = buckets.filter { _, bucket in bucket.tokens + now.timeIntervalSince(bucket.updated) * perSecond < capacity }
    }
}
