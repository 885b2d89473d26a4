/// What a subscription does with a message that arrives while its buffer is full.
public enum MQTTBufferPolicy: Sendable, Hashable {
    /// Keep what is buffered, drop the arriving message (order of kept messages is gap-free at the front).
    case dropNewest
    /// Drop the oldest buffered message to make room (the consumer sees the latest state).
    case dropOldest
}
