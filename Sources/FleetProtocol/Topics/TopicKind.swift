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
    /// Raw MAVLink frames of a remote ground station's session, drone → ground, QoS 0, not retained.
    case mavlinkUp = "mavlink/up"
    /// Raw MAVLink frames from a remote ground station, ground → drone, QoS 0, not retained.
    case mavlinkDown = "mavlink/down"

    /// The MQTT QoS this topic is published with.
    public var qos: Int {
        switch self {
        // A lost tunnel datagram is what UDP does to MAVLink anyway; its protocols retry.
        case .telemetry, .mavlinkUp, .mavlinkDown: 0
        default: 1
        }
    }
    /// Whether publications on this topic are retained.
    public var retained: Bool { self == .state }
}
