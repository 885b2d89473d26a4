/// The last level of a per-drone topic: `<prefix>/drones/<droneId>/<kind>`.
public enum TopicKind: String, CaseIterable, Codable, Sendable {
    /// ``Telemetry``, drone → ground, QoS 0, not retained.
    case telemetry
    /// ``DroneState``, drone → ground, QoS 1, retained (the LWT publishes `offline` here).
    case state
    /// ``DroneEvent``, drone → ground, QoS 1, not retained.
    case events
    /// ``Command``, ground → drone, QoS 1, not retained.
    case commands
    /// ``CommandReply``, drone → ground, QoS 1, not retained.
    case replies
    /// ``ProofChunk``, drone → ground, QoS 1, not retained: proof of delivery, the photo in pieces.
    case proof
    /// ``ProofAck``, ground → drone, QoS 1, not retained: how much of a proof ground has stored.
    case proofAck = "proof-ack"

    /// The MQTT QoS this topic is published with.
    public var qos: Int { self == .telemetry ? 0 : 1 }
    /// Whether publications on this topic are retained.
    public var retained: Bool { self == .state }
}
