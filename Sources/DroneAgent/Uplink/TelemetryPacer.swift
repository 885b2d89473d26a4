/// When to publish telemetry: each new autopilot position as soon as its slot comes up, so a sample
/// leaves at most a scheduling hop after the position arrived (not up to a whole period later, as a
/// free-running timer sampling the state would), and never faster than the configured rate.
///
/// Slots are `period` apart. A fresh position is taken up to a quarter period early, so a position
/// stream at exactly the telemetry rate (with jitter) is published one for one; without fresh
/// positions the last state is still published a quarter period after its slot (battery, mode and
/// liveness keep flowing at the rate). After a gap the slots restart from now instead of catching up
/// in a burst. So samples are never closer than half a period and on average at most the rate; the
/// slots follow a position stream whose jitter stays within half a period.
struct TelemetryPacer {
    private var nextSlot: ContinuousClock.Instant?

    /// Whether to publish at `now`; `fresh` says a position arrived since the last publish.
    /// Records the publish when it answers true.
    mutating func shouldPublish(at now: ContinuousClock.Instant, period: Duration, fresh: Bool) -> Bool {
        guard let slot = nextSlot else {
            nextSlot = now + period
            return true
        }
        let slack = period / 4
        guard fresh ? now >= slot - slack : now >= slot + slack else { return false }
        nextSlot = max(slot + period, now + period - slack)
        return true
    }
}
