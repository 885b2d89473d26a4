import Synchronization

/// Counts the ingest's subscriptions still delivering, so the input ends when the last one does. The
/// client ends them on its network thread, hence an atomic rather than an actor.
final class OpenSubscriptions: Sendable {
    private let count: Atomic<Int>

    init(count: Int) { self.count = Atomic(count) }

    /// Records one subscription's end; true for the last one.
    func close() -> Bool {
        count.subtract(1, ordering: .acquiringAndReleasing).newValue == 0
    }
}
