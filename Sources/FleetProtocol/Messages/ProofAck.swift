/// Ground's answer to ``ProofChunk``s, ground → drone on `…/proof-ack` (QoS 1): how many leading bytes
/// of the assignment's photo it has stored, and whether the proof is complete (image stored and its
/// SHA-256 checked, or stored without an image when the drone has none). The drone resends from
/// `receivedBytes` until `complete`.
public struct ProofAck: FleetMessage {
    public static let messageType = "proof-ack"
    public static let topicKind = TopicKind.proofAck

    public var droneID: DroneID
    public var assignmentID: String
    public var receivedBytes: Int
    public var complete: Bool
    /// Why ground refuses the proof for good (no such assignment for this drone, image over the size
    /// limit, SHA-256 mismatch after a restart); the drone then stops sending it.
    public var refused: String?
    public var timeMs: Int64

    public init(
        droneID: DroneID, assignmentID: String, receivedBytes: Int, complete: Bool, refused: String? = nil,
        timeMs: Int64
    ) {
        self.droneID = droneID
        self.assignmentID = assignmentID
        self.receivedBytes = receivedBytes
        self.complete = complete
        self.refused = refused
        self.timeMs = timeMs
    }

    public func validate() throws(ProtocolError) {
        try Check.identifier(assignmentID, "assignmentId")
        try Check.nonNegative(receivedBytes, "receivedBytes")
        try Check.nonNegative(timeMs, "timeMs")
        if let refused { try Check.text(refused, maxBytes: 1024, "refused") }
    }

    enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case assignmentID = "assignmentId"
        case receivedBytes, complete, refused, timeMs
    }
}
