/// Wakes the outbox publisher when an event was stored, so it does not have to poll fast; and whoever
/// waits for the outbox to be empty (the retained-state publisher) when the publisher emptied it.
public final class OutboxSignal: Sendable {
    let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    /// One element each time the publisher found the outbox empty after sending (one consumer).
    let drained: AsyncStream<Void>
    private let drainedContinuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        (drained, drainedContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Something new is in the outbox.
    public func notify() { continuation.yield() }

    /// The publisher sent everything that was in the outbox.
    func notifyDrained() { drainedContinuation.yield() }
}
