/// Assignment progress or an alarm, drone → ground on `…/events` (QoS 1). Sent from the agent's outbox
/// until the broker acknowledges it, so ground may see duplicates: de-duplicate by (droneId, eventSeq).
public struct DroneEvent: FleetMessage {
    public static let messageType = "event"
    public static let topicKind = TopicKind.events

    public var droneID: DroneID
    /// Per-drone, strictly increasing across restarts (persisted by the agent), starting at 1.
    public var eventSeq: UInt64
    public var timeMs: Int64
    public var assignmentID: String?
    /// Vehicle position when the event happened.
    public var position: Telemetry.Position
    /// Battery percentage when the event happened.
    public var batteryPercent: Double
    public var kind: Kind
    /// On the phase that ends an assignment (`completed`, `aborted`): battery energy the assignment used
    /// from acceptance, Wh, by the agent's own capacity. The agent persists where it started, so the figure
    /// survives restarts of either side.
    public var energyUsedWh: Double?
    /// On `rejected`/`aborted`: the precise cause behind `reason`, human readable (≤ 1024 bytes), e.g. the
    /// autopilot's refusal "mission item 3, command MAV_CMD_DO_GRIPPER (211), result
    /// MAV_MISSION_UNSUPPORTED_FRAME (2)". Ground shows it with the reason.
    public var detail: String?

    /// What happened. Encoded flat in the event object with `"kind": "phase"` or `"kind": "alarm"`.
    public enum Kind: Hashable, Sendable {
        /// The assignment entered `phase`; `reason` says why for `rejected`/`aborted`.
        case phase(AssignmentPhase, reason: ReasonCode? = nil)
        /// Something needing attention, not (by itself) a phase change.
        case alarm(code: ReasonCode, severity: Severity, message: String)
    }

    public enum Severity: String, Codable, CaseIterable, Hashable, Sendable { case info, warning, critical }

    public init(
        droneID: DroneID, eventSeq: UInt64, timeMs: Int64, assignmentID: String?, position: Telemetry.Position,
        batteryPercent: Double, kind: Kind, energyUsedWh: Double? = nil, detail: String? = nil
    ) {
        self.droneID = droneID
        self.eventSeq = eventSeq
        self.timeMs = timeMs
        self.assignmentID = assignmentID
        self.position = position
        self.batteryPercent = batteryPercent
        self.kind = kind
        self.energyUsedWh = energyUsedWh
        self.detail = detail
    }

    public func validate() throws(ProtocolError) {
        guard eventSeq >= 1 else { throw .invalidValue(path: "eventSeq", reason: "starts at 1") }
        try Check.nonNegative(timeMs, "timeMs")
        if let assignmentID { try Check.identifier(assignmentID, "assignmentId") }
        try position.validate(at: "position")
        try Check.range(batteryPercent, 0...100, "batteryPercent")
        if let energyUsedWh { try Check.nonNegative(energyUsedWh, "energyUsedWh") }
        if let detail { try Check.text(detail, maxBytes: 1024, "detail") }
        switch kind {
        case .phase:
            guard assignmentID != nil else {
                throw .missingField(path: "assignmentId")
            }
        case let .alarm(_, _, message):
            try Check.text(message, maxBytes: 1024, "message")
        }
    }
}
