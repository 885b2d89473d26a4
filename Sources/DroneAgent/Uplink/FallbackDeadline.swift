import Synchronization

/// When the telemetry publisher next needs a wakeup that no position brings (its pacer's fallback
/// moment), shared with the task that wakes it: that task sleeps until then instead of ticking at a
/// fixed short period while positions keep the publisher busy anyway.
final class FallbackDeadline: Sendable {
    private let origin = ContinuousClock.now
    /// Nanoseconds after `origin`; `Int64.min` while nothing is planned.
    private let nanoseconds = Atomic<Int64>(.min)

    var instant: ContinuousClock.Instant? {
        let value = nanoseconds.load(ordering: .relaxed)
        return value == .min ? nil : origin + .nanoseconds(value)
    }

    func set(_ instant: ContinuousClock.Instant?) {
        guard let instant else { return nanoseconds.store(.min, ordering: .relaxed) }
        let (seconds, attoseconds) = (instant - origin).components
        nanoseconds.store(seconds * 1_000_000_000 + attoseconds / 1_000_000_000, ordering: .relaxed)
    }
}
