import Synchronization

/// Messages one subscription dropped because its buffer was full.
final class SubscriptionCounter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() { value.add(1, ordering: .relaxed) }

    var count: Int { value.load(ordering: .relaxed) }
}
