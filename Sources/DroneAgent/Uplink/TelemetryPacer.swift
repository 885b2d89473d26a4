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

    /// The moment from which a wakeup without a fresh position publishes (the slot plus a quarter
    /// period); nil before the first publish, when any wakeup publishes.
    func fallback(period: Duration) -> ContinuousClock.Instant? { nextSlot.map { $0 + period / 4 } }

    /// Whether to publish at `now`; `freshArrival` is when the newest position not yet published
    /// arrived (nil: none). Records the publish when it answers true.
    mutating func shouldPublish(
        at now: ContinuousClock.Instant, period: Duration, freshArrival: ContinuousClock.Instant?
    ) -> Bool {
        guard let slot = nextSlot else {
            nextSlot = now + period
            return true
        }
        let slack = period / 4
        guard freshArrival == nil ? now >= slot + slack : now >= slot - slack else { return false }
        if let arrival = freshArrival, arrival < slot - slack {
            // It came too early for its slot and went out on a tick: move the slots to the positions'
            // phase, or every later position would come too early as well and wait for a tick.
            nextSlot = arrival + period
        } else {
            nextSlot = max(slot + period, now + period - slack)
        }
        return true
    }
}
