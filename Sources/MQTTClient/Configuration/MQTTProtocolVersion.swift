/// The MQTT protocol spoken to the broker. v5 is the default; 3.1.1 only when a broker needs it.
public enum MQTTProtocolVersion: Sendable, Hashable {
    case v5
    case v311
}
