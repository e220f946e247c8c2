internal import ParleyMessaging
internal import Foundation
internal import HTTPTypes
internal import Hummingbird

/// Refuses a caller's requests beyond its ``RateLimit`` with 429 and `Retry-After`, across every
/// replica when the ``RateLimiter`` has a store (see its lag there). Callers are told apart by
/// identity, so it goes after ``AuthenticationMiddleware``; requests without one (webhooks, health,
/// metrics) are not limited here: webhooks are checked by signature and a provider's burst of
/// inbound SMS must not be refused.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else { return try await next(request, context) }
        let key: String
        switch identity {
        case .core: key = "core"
        case .rep(let id), .admin(let id): key = id.uuidString
        }
        if case .refused(let retryAfter) = await limiter.admit(key) {
            var problem = Problem(
                .tooManyRequests, "Too many requests",
                detail: "This key may make \(limiter.limit.requestsPerMinute) requests a minute (bursts of \(limiter.limit.burst)); try again in \(retryAfter) s.")
            problem.headers[.retryAfter] = String(retryAfter)
            throw problem
        }
        return try await next(request, context)
    }
}
