/// Counters since the client was created.
public struct MQTTStatistics: Sendable, Hashable {
    /// Messages that arrived from the broker (before routing to subscriptions).
    public var received: Int
    /// Deliveries to subscriptions dropped because their buffer was full.
    public var dropped: Int
    /// Messages arriving that no subscription's filters matched.
    public var unrouted: Int
    /// Publishes handed to libmosquitto.
    public var published: Int
    /// QoS 1/2 publishes the broker acknowledged.
    public var acknowledged: Int
    /// Successful connections, including the first.
    public var connects: Int
    /// Connection losses (not counting an explicit `disconnect()`).
    public var connectionLosses: Int
}
