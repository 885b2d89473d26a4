/// Where a subscription's messages go, called on libmosquitto's loop thread: the subscription's own
/// stream, or a consumer's (``MQTTClient/subscribe(_:qos:deliver:ended:)``).
struct MessageSink: Sendable {
    /// Hands one message over; false if it was dropped (the consumer's buffer is full).
    let take: @Sendable (MQTTMessage) -> Bool
    /// Called once when the route is removed (unsubscribe, disconnect).
    let finish: @Sendable () -> Void

    init(take: @escaping @Sendable (MQTTMessage) -> Bool, finish: @escaping @Sendable () -> Void) {
        self.take = take
        self.finish = finish
    }

    /// A subscription's own stream.
    init(_ continuation: AsyncStream<MQTTMessage>.Continuation) {
        take = { message in
            if case .dropped = continuation.yield(message) { return false }
            return true
        }
        finish = { continuation.finish() }
    }
}
