/// MQTT delivery guarantee of a publish or a subscription.
public enum MQTTQoS: Int32, Sendable, Hashable, Codable, CaseIterable {
    /// Fire and forget: `publish` returns once libmosquitto has queued the packet.
    case atMostOnce = 0
    /// Acknowledged by PUBACK: `publish` returns once the broker confirmed it.
    case atLeastOnce = 1
    /// Four-way handshake ending in PUBCOMP: `publish` returns once the broker completed it.
    case exactlyOnce = 2
}
