/// Where a subscription's messages go, called on libmosquitto's loop thread: the subscription's own
/// stream, or a consumer's (``MQTTClient/subscribe(_:qos:deliver:ended:)``).
struct MessageSink: Sendable {
    /// Hands over the messages of one read burst, in arrival order; returns how many of them it dropped
    /// (the consumer's buffer is full).
    let take: @Sendable ([MQTTMessage]) -> Int
    /// Called once when the route is removed (unsubscribe, disconnect).
    let finish: @Sendable () -> Void

    init(take: @escaping @Sendable ([MQTTMessage]) -> Int, finish: @escaping @Sendable () -> Void) {
        self.take = take
        self.finish = finish
    }

    /// A subscription's own stream.
    init(_ continuation: AsyncStream<MQTTMessage>.Continuation) {
        take = { messages in
            var dropped = 0
            for message in messages {
                if case .dropped = continuation.yield(message) { dropped += 1 }
            }
            return dropped
        }
        finish = { continuation.finish() }
    }
}
