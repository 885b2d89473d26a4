/// A message received on a subscription.
public struct MQTTMessage: Sendable, Hashable {
    public var topic: String
    /// Raw payload bytes; decoding is left to the consumer so the receive path copies once.
    public var payload: [UInt8]
    public var qos: MQTTQoS
    /// Set when the broker delivered a retained message (on subscribe), not a live publish.
    public var retain: Bool
    public var properties: MQTTPublishProperties

    public init(
        topic: String, payload: [UInt8], qos: MQTTQoS, retain: Bool, properties: MQTTPublishProperties = .init()
    ) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.properties = properties
    }
}
