/// The token bucket of a remote MAVLink session (`…/mavlink/up|down`): `rate` tokens a second, at most
/// `burst` saved up. Both ends spend one per byte (the agent also one per frame), so a remote ground
/// station's traffic stays within a budget and never crowds out the agent's own telemetry on the link.
public struct TunnelBudget: Sendable {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    public init(rate: Double, burst: Double, now: ContinuousClock.Instant = .now) {
        self.rate = rate
        self.burst = burst
        tokens = burst
        updated = now
    }

    /// Takes `cost` tokens if there are that many; false (nothing taken) otherwise.
    public mutating func take(_ cost: Double, now: ContinuousClock.Instant = .now) -> Bool {
        let elapsed = now - updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + max(0, seconds) * rate)
        updated = now
        guard tokens >= cost else { return false }
        tokens -= cost
        return true
    }
}
