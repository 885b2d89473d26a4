import Synchronization

/// Messages handed to the ingest loop and not yet taken by it. The loop's input carries whole read
/// bursts, so its buffer is bounded here, by messages, rather than by the stream's element count.
final class IngestBacklog: Sendable {
    private let waiting = Atomic<Int>(0)
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Reserves room for up to `count` messages; returns how many fit (the first ones of a burst).
    func reserve(_ count: Int) -> Int {
        var current = waiting.load(ordering: .relaxed)
        while true {
            let fitting = min(count, max(0, capacity - current))
            guard fitting > 0 else { return 0 }
            let (exchanged, found) = waiting.compareExchange(
                expected: current, desired: current + fitting, ordering: .relaxed)
            if exchanged { return fitting }
            current = found
        }
    }

    /// The loop took `count` messages.
    func release(_ count: Int) { waiting.subtract(count, ordering: .relaxed) }
}
