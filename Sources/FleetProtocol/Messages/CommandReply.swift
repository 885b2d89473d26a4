/// The agent's answer to a ``Command``, drone → ground on `…/replies` (QoS 1). Idempotent: the agent
/// stores it and re-sends the identical reply if the same `commandId` is delivered again.
public struct CommandReply: FleetMessage {
    public static let messageType = "reply"
    public static let topicKind = TopicKind.replies

    public var commandID: String
    public var droneID: DroneID
    public var accepted: Bool
    /// Why not accepted (required when `accepted` is false).
    public var reason: ReasonCode?
    /// Human-readable detail for logs and operators.
    public var message: String?
    public var timeMs: Int64

    public init(
        commandID: String, droneID: DroneID, accepted: Bool, reason: ReasonCode? = nil, message: String? = nil,
        timeMs: Int64
    ) {
        self.commandID = commandID
        self.droneID = droneID
        self.accepted = accepted
        self.reason = reason
        self.message = message
        self.timeMs = timeMs
    }

    public func validate() throws(ProtocolError) {
        try Check.identifier(commandID, "commandId")
        try Check.nonNegative(timeMs, "timeMs")
        if !accepted, reason == nil { throw .missingField(path: "reason") }
        if let message { try Check.text(message, maxBytes: 1024, "message") }
    }
    enum CodingKeys: String, CodingKey {
        case commandID = "commandId"
        case droneID = "droneId"
        case accepted, reason, message, timeMs
    }
}
