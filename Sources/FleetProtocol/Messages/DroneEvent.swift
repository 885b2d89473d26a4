/// Assignment progress or an alarm, drone → ground on `…/events` (QoS 1). Sent from the agent's outbox
/// until the broker acknowledges it, so ground may see duplicates: de-duplicate by (droneId, eventSeq).
public struct DroneEvent: FleetMessage {
    public static let messageType = "event"
    public static let topicKind = TopicKind.events

    public var droneId: DroneID
    /// Per-drone, strictly increasing across restarts (persisted by the agent), starting at 1.
    public var eventSeq: UInt64
    public var timeMs: Int64
    public var assignmentId: String?
    /// Vehicle position when the event happened.
    public var position: Telemetry.Position
    /// Battery percentage when the event happened.
    public var batteryPercent: Double
    public var kind: Kind

    /// What happened. Encoded flat in the event object with `"kind": "phase"` or `"kind": "alarm"`.
    public enum Kind: Hashable, Sendable {
        /// The assignment entered `phase`; `reason` says why for `rejected`/`aborted`.
        case phase(AssignmentPhase, reason: ReasonCode? = nil)
        /// Something needing attention, not (by itself) a phase change.
        case alarm(code: ReasonCode, severity: Severity, message: String)
    }

    public enum Severity: String, Codable, CaseIterable, Hashable, Sendable { case info, warning, critical }

    public init(
        droneId: DroneID, eventSeq: UInt64, timeMs: Int64, assignmentId: String?, position: Telemetry.Position,
        batteryPercent: Double, kind: Kind
    ) {
        self.droneId = droneId
        self.eventSeq = eventSeq
        self.timeMs = timeMs
        self.assignmentId = assignmentId
        self.position = position
        self.batteryPercent = batteryPercent
        self.kind = kind
    }

    public func validate() throws(ProtocolError) {
        guard eventSeq >= 1 else { throw .invalidValue(path: "eventSeq", reason: "starts at 1") }
        try Check.nonNegative(timeMs, "timeMs")
        if let assignmentId { try Check.identifier(assignmentId, "assignmentId") }
        try position.validate(at: "position")
        try Check.range(batteryPercent, 0...100, "batteryPercent")
        switch kind {
        case .phase:
            guard assignmentId != nil else {
                throw .missingField(path: "assignmentId")
            }
        case let .alarm(_, _, message):
            try Check.text(message, maxBytes: 1024, "message")
        }
    }
}

extension DroneEvent {
    enum CodingKeys: String, CodingKey {
        case droneId, eventSeq, timeMs, assignmentId, position, batteryPercent, kind, phase, reason, code, severity, message
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        droneId = try c.decode(DroneID.self, forKey: .droneId)
        eventSeq = try c.decode(UInt64.self, forKey: .eventSeq)
        timeMs = try c.decode(Int64.self, forKey: .timeMs)
        assignmentId = try c.decodeIfPresent(String.self, forKey: .assignmentId)
        position = try c.decode(Telemetry.Position.self, forKey: .position)
        batteryPercent = try c.decode(Double.self, forKey: .batteryPercent)
        switch try c.decode(String.self, forKey: .kind) {
        case "phase":
            kind = .phase(try c.decode(AssignmentPhase.self, forKey: .phase),
                          reason: try c.decodeIfPresent(ReasonCode.self, forKey: .reason))
        case "alarm":
            kind = .alarm(code: try c.decode(ReasonCode.self, forKey: .code),
                          severity: try c.decode(Severity.self, forKey: .severity),
                          message: try c.decode(String.self, forKey: .message))
        case let other:
            throw ProtocolError.unknownKind(field: "kind", value: other)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(droneId, forKey: .droneId)
        try c.encode(eventSeq, forKey: .eventSeq)
        try c.encode(timeMs, forKey: .timeMs)
        try c.encodeIfPresent(assignmentId, forKey: .assignmentId)
        try c.encode(position, forKey: .position)
        try c.encode(batteryPercent, forKey: .batteryPercent)
        switch kind {
        case let .phase(phase, reason):
            try c.encode("phase", forKey: .kind)
            try c.encode(phase, forKey: .phase)
            try c.encodeIfPresent(reason, forKey: .reason)
        case let .alarm(code, severity, message):
            try c.encode("alarm", forKey: .kind)
            try c.encode(code, forKey: .code)
            try c.encode(severity, forKey: .severity)
            try c.encode(message, forKey: .message)
        }
    }
}
