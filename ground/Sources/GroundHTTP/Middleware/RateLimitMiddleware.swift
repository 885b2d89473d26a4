import GroundObservability
import Hummingbird

/// Refuses a principal's requests above its token-bucket rate with 429 and `Retry-After`.
///
/// Runs after ``AuthMiddleware`` so a business or the operator is limited by identity (one key from
/// many addresses shares a bucket); requests without a key are limited per client address.
package struct RateLimitMiddleware: RouterMiddleware {
    package typealias Context = GroundRequestContext
    let limiter: RateLimiter
    let metrics: GroundMetrics

    package init(limiter: RateLimiter, metrics: GroundMetrics) {
        self.limiter = limiter
        self.metrics = metrics
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let (kind, key) = Self.bucketKey(context)
        try await charge(kind: kind, key: key)
        return try await next(request, context)
    }

    /// Takes a token from `key`'s bucket, or throws 429 with `Retry-After` and counts it under `kind`.
    func charge(kind: String, key: String) async throws(APIError) {
        guard let wait = await limiter.acquire(key) else { return }
        metrics.recordRateLimited(principal: kind)
        let seconds = max(1, Int(wait.components.seconds) + (wait.components.attoseconds > 0 ? 1 : 0))
        throw APIError(
            .tooManyRequests, code: "rate_limited",
            message:
                "more than \(limiter.burst) requests in a burst or \(limiter.requestsPerSecond)/s; retry after \(seconds) s",
            headers: [.retryAfter: String(seconds)])
    }

    /// The principal kind (for the metric label) and the bucket key.
    static func bucketKey(_ context: Context) -> (kind: String, key: String) {
        switch context.principal {
        case let .business(business): ("business", "business:" + business.id)
        case let .operator(account): ("operator", account.id)
        case nil: anonymousBucketKey(context)
        }
    }

    /// Requests without a (valid) key share their client address's bucket (behind a trusted proxy,
    /// the address it reports).
    static func anonymousBucketKey(_ context: Context) -> (kind: String, key: String) {
        ("anonymous", "address:" + (context.clientAddress ?? "unknown"))
    }
}
