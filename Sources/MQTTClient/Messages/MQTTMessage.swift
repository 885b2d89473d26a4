/// A message received on a subscription.
public struct MQTTMessage: Sendable, Hashable {
    public var topic: String
    /// Raw payload bytes; decoding is left to the consumer so the receive path copies once.
    public var payload: [UInt8]
    public var qos: MQTTQoS
    /// Set when the broker delivered a retained message (on subscribe), not a live publish.
    public var retain: Bool
    public var properties: MQTTPublishProperties
    /// When the client's network loop handed the message over (read from the broker's socket): where
    /// a consumer's lag starts. Not part of the message's identity (equality and hash leave it out).
    public var receivedAt: ContinuousClock.Instant

    public init(
        topic: String, payload: [UInt8], qos: MQTTQoS, retain: Bool, properties: MQTTPublishProperties = .init(),
        receivedAt: ContinuousClock.Instant = .now
    ) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.properties = properties
        self.receivedAt = receivedAt
    }

    public static func == (lhs: MQTTMessage, rhs: MQTTMessage) -> Bool {
        lhs.topic == rhs.topic && lhs.payload == rhs.payload && lhs.qos == rhs.qos && lhs.retain == rhs.retain
            && lhs.properties == rhs.properties
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(topic)
        hasher.combine(payload)
        hasher.combine(qos)
        hasher.combine(retain)
        hasher.combine(properties)
    }
}
