import Synchronization

/// Messages one subscription dropped because its buffer was full.
final class SubscriptionCounter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() { add(1) }

    func add(_ count: Int) { value.add(count, ordering: .relaxed) }

    var count: Int { value.load(ordering: .relaxed) }
}
