/// Presence and status, drone → ground on `…/state` (QoS 1, retained). The agent's MQTT will (LWT) is the
/// same message with `presence: offline`, so ground learns of a dead link from the broker.
public struct DroneState: FleetMessage {
    public static let messageType = "state"
    public static let topicKind = TopicKind.state

    public enum Presence: String, Codable, CaseIterable, Hashable, Sendable { case online, offline }

    public var droneID: DroneID
    public var presence: Presence
    /// When this state was produced, epoch ms (for the LWT: when the will was registered).
    public var timeMs: Int64
    public var agentVersion: String
    public var capabilities: VehicleCapabilities
    public var assignmentID: String?
    public var phase: AssignmentPhase?
    public var home: GeoPoint?
    /// The flight controller the agent found: `px4`, `ardupilot`, or `unsupported-N` (HEARTBEAT `autopilot`
    /// N, which the agent refuses to fly: it takes no assignments). Nil before the autopilot's heartbeat.
    public var autopilot: String?

    public init(
        droneID: DroneID, presence: Presence, timeMs: Int64, agentVersion: String, capabilities: VehicleCapabilities,
        assignmentID: String? = nil, phase: AssignmentPhase? = nil, home: GeoPoint? = nil, autopilot: String? = nil
    ) {
        self.droneID = droneID
        self.presence = presence
        self.timeMs = timeMs
        self.agentVersion = agentVersion
        self.capabilities = capabilities
        self.assignmentID = assignmentID
        self.phase = phase
        self.home = home
        self.autopilot = autopilot
    }

    public func validate() throws(ProtocolError) {
        try Check.nonNegative(timeMs, "timeMs")
        try Check.identifier(agentVersion, "agentVersion")
        try capabilities.validate(at: "capabilities")
        if let assignmentID { try Check.identifier(assignmentID, "assignmentId") }
        if phase != nil, assignmentID == nil {
            throw .invalidValue(path: "phase", reason: "a phase requires an assignmentId")
        }
        try home?.validate(at: "home")
        if let autopilot { try Check.text(autopilot, maxBytes: 64, "autopilot") }
    }
    enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case presence, timeMs, agentVersion, capabilities
        case assignmentID = "assignmentId"
        case phase, home, autopilot
    }
}
