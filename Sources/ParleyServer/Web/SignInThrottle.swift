internal import Foundation
internal import ParleyThreads

/// Sign-in attempts, counted per email (five at once, then one a minute) and per client address
/// (an office may share one: thirty at once, then ten a minute). Every attempt counts, so a key
/// cannot be guessed by trying many. With a store, the counts live in it (one statement per
/// attempt), so attempts on every replica add up; without one, in this process.
struct SignInThrottle: Sendable {
    /// Attempts per email.
    static let perEmail = RateLimit(requestsPerMinute: 1, burst: 5)
    /// Attempts per client address.
    static let perAddress = RateLimit(requestsPerMinute: 10, burst: 30)

    private let localPerEmail = RateLimiter(limit: perEmail)
    private let localPerAddress = RateLimiter(limit: perAddress)
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - now: the wall clock; tests pass one that moves only when told to.
    init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// Counts one attempt against its email and its address.
    /// - Parameters:
    ///   - email: the email typed, lowercased.
    ///   - address: the client's address; nil when unknown.
    ///   - store: the store the replicas share; nil to count in this process.
    /// - Returns: nil when the attempt may go on; otherwise how many seconds to wait.
    /// - Throws: `ThreadStoreError` when the store cannot count it.
    func check(email: String, address: String?, store: (any ThreadStore)?) async throws -> Int? {
        let counted: [(key: String, limit: RateLimit)] = [
            ("sign-in:email:" + email, Self.perEmail), ("sign-in:address:" + (address ?? "unknown"), Self.perAddress),
        ]
        guard let store else {
            let decisions = [localPerEmail.take(counted[0].key), localPerAddress.take(counted[1].key)]
            for case .refused(let retryAfter) in decisions { return retryAfter }
            return nil
        }
        var wait: Int?
        for (key, limit) in counted {
            let perSecond = Double(limit.requestsPerMinute) / 60
            let decision = try await store.takeSharedToken(key: key, capacity: Double(limit.burst), perSecond: perSecond, at: now())
            if !decision.allowed, wait == nil { wait = max(1, Int(((1 - decision.tokens) / perSecond).rounded(.up))) }
        }
        return wait
    }
}
