import Foundation

/// Exponential reconnect backoff with full jitter.
///
/// Jitter keeps a fleet of drones that lost the same broker from reconnecting in lockstep
/// when it comes back.
public struct MQTTBackoff: Sendable, Hashable {
    /// Delay before the first reconnect attempt (before jitter).
    public var minimum: Duration
    /// Upper bound of any delay.
    public var maximum: Duration
    /// Growth factor per failed attempt.
    public var multiplier: Double
    /// Fraction of the delay that is randomised: 0 = none, 1 = anywhere in [0, delay].
    public var jitter: Double

    public init(
        minimum: Duration = .milliseconds(100),
        maximum: Duration = .seconds(30),
        multiplier: Double = 2,
        jitter: Double = 0.5
    ) {
        self.minimum = minimum
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The delay before reconnect attempt number `attempt` (0 = the first after a loss).
    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &generator)
    }

    /// Same as `delay(attempt:)` with a caller-provided random source (seedable in tests).
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let minimumSeconds = max(0, minimum.seconds)
        let maximumSeconds = max(minimumSeconds, maximum.seconds)
        let exponent = Double(max(0, min(attempt, 64)))
        let base = min(maximumSeconds, minimumSeconds * pow(max(1, multiplier), exponent))
        let spread = base * min(1, max(0, jitter))
        let seconds = base - (spread > 0 ? Double.random(in: 0...spread, using: &generator) : 0)
        return .nanoseconds(Int64(seconds * 1e9))
    }
}

extension Duration {
    /// The duration as fractional seconds.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
