/// Wakes the outbox publisher when an event was stored, so it does not have to poll fast.
public final class OutboxSignal: Sendable {
    let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Something new is in the outbox.
    public func notify() { continuation.yield() }
}
