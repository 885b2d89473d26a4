/// The messages of one `MQTTClient.subscribe` call, as an `AsyncSequence`.
///
/// Each subscription has its own bounded buffer (`MQTTConfiguration.receiveBufferCapacity`);
/// a consumer that falls behind loses messages per `receiveBufferPolicy`, counted in
/// `droppedCount` and `MQTTClient.statistics.dropped`. The sequence ends on `unsubscribe`,
/// on `disconnect()`, or when the consuming task stops iterating (the route is then removed;
/// the broker subscription stays until `unsubscribe`).
///
/// Every message the broker delivers goes to every subscription of this client whose filters
/// match it. Overlapping filters on one connection make the broker itself deliver one copy per
/// matching broker-side subscription, so keep filters of one client disjoint where duplicates matter.
public struct MQTTSubscription: AsyncSequence, Sendable {
    public typealias Element = MQTTMessage

    /// The filters as given to `subscribe`.
    public let filters: [String]
    /// Granted QoS per filter from the SUBACK (empty if subscribed while reconnecting).
    public let grantedQoS: [MQTTQoS]
    let id: UInt64
    private let stream: AsyncStream<MQTTMessage>
    private let dropped: SubscriptionCounter

    init(
        id: UInt64, filters: [String], grantedQoS: [MQTTQoS], stream: AsyncStream<MQTTMessage>,
        dropped: SubscriptionCounter
    ) {
        self.id = id
        self.filters = filters
        self.grantedQoS = grantedQoS
        self.stream = stream
        self.dropped = dropped
    }

    /// Messages this subscription dropped because its buffer was full.
    public var droppedCount: Int { dropped.count }

    public func makeAsyncIterator() -> AsyncStream<MQTTMessage>.Iterator {
        stream.makeAsyncIterator()
    }
}
