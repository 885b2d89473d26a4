import Synchronization

/// Counters shared by the loop thread (receive path) and the actor; read as `MQTTStatistics`.
final class MQTTCounters: Sendable {
    let received = Atomic<Int>(0)
    let dropped = Atomic<Int>(0)
    let unrouted = Atomic<Int>(0)
    let published = Atomic<Int>(0)
    let acknowledged = Atomic<Int>(0)
    let connects = Atomic<Int>(0)
    let connectionLosses = Atomic<Int>(0)

    var snapshot: MQTTStatistics {
        MQTTStatistics(
            received: received.load(ordering: .relaxed),
            dropped: dropped.load(ordering: .relaxed),
            unrouted: unrouted.load(ordering: .relaxed),
            published: published.load(ordering: .relaxed),
            acknowledged: acknowledged.load(ordering: .relaxed),
            connects: connects.load(ordering: .relaxed),
            connectionLosses: connectionLosses.load(ordering: .relaxed)
        )
    }

    static func increment(_ counter: borrowing Atomic<Int>) {
        counter.add(1, ordering: .relaxed)
    }
}
