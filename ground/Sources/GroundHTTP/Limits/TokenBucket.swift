/// A token bucket: holds up to `burst` tokens, refilled continuously at `rate` per second.
struct TokenBucket: Sendable {
    private(set) var tokens: Double
    private(set) var updated: ContinuousClock.Instant

    /// A full bucket, as an unseen principal gets.
    init(burst: Int, now: ContinuousClock.Instant) {
        tokens = Double(burst)
        updated = now
    }

    /// Takes one token; nil when granted, else how long until one is available.
    mutating func take(rate: Double, burst: Int, now: ContinuousClock.Instant) -> Duration? {
        refill(rate: rate, burst: burst, now: now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return .seconds((1 - tokens) / rate)
    }

    /// Whether the bucket would be full by `now`, and so is indistinguishable from a fresh one.
    func isFull(rate: Double, burst: Int, now: ContinuousClock.Instant) -> Bool {
        tokens + Self.seconds(now - updated) * rate >= Double(burst)
    }

    private mutating func refill(rate: Double, burst: Int, now: ContinuousClock.Instant) {
        tokens = min(Double(burst), tokens + Self.seconds(now - updated) * rate)
        updated = now
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
