/// One token bucket per principal key, with idle buckets evicted.
///
/// A bucket left alone long enough to refill completely is identical to a fresh one, so evicting it
/// loses nothing; this keeps memory bounded by the principals active within one refill period even
/// when many client addresses come and go.
package actor RateLimiter {
    package nonisolated let requestsPerSecond: Double
    package nonisolated let burst: Int
    private var buckets: [String: TokenBucket] = [:]
    private var lastSweep: ContinuousClock.Instant
    private let sweepInterval: Duration

    /// A rate below one request per 1000 s (or not a number) is raised to that, and a burst below 1 to 1,
    /// so no configuration can make a wait infinite.
    package init(requestsPerSecond: Double, burst: Int) {
        let rate = requestsPerSecond.isNaN ? Self.minimumRate : min(max(requestsPerSecond, Self.minimumRate), 1e12)
        self.requestsPerSecond = rate
        self.burst = max(1, burst)
        lastSweep = .now
        // Sweeping more often than a bucket takes to refill is harmless (only full buckets go), so cap it.
        sweepInterval = .seconds(min(max(1, Double(max(1, burst)) / rate), 3600))
    }

    private static let minimumRate = 0.001

    /// Takes a token for `key`: nil when the request may proceed, else the time until it may retry.
    package func acquire(_ key: String, now: ContinuousClock.Instant = .now) -> Duration? {
        if now - lastSweep >= sweepInterval { evictIdle(now: now) }
        var bucket = buckets[key] ?? TokenBucket(burst: burst, now: now)
        let wait = bucket.take(rate: requestsPerSecond, burst: burst, now: now)
        buckets[key] = bucket
        return wait
    }

    /// Number of buckets held, for tests and diagnostics.
    package var trackedKeys: Int { buckets.count }

    private func evictIdle(now: ContinuousClock.Instant) {
        buckets = buckets.filter { !$0.value.isFull(rate: requestsPerSecond, burst: burst, now: now) }
        lastSweep = now
    }
}
