/// An instruction from ground, ground → drone on `…/commands` (QoS 1). The agent answers every command
/// with a ``CommandReply`` carrying the same `commandId`; a re-delivered commandId gets the same reply.
/// A command received after `expiresAtMs` is not executed and is answered with ``ReasonCode/expired``.
public struct Command: FleetMessage {
    public static let messageType = "command"
    public static let topicKind = TopicKind.commands

    public var commandID: String
    public var droneID: DroneID
    public var issuedAtMs: Int64
    public var expiresAtMs: Int64
    public var kind: Kind

    /// Where a cancelled assignment's drone goes.
    public enum ReturnTarget: String, Codable, CaseIterable, Hashable, Sendable {
        /// Back to the pickup to return the payload, then home.
        case pickup
        /// Straight home.
        case home
    }

    /// The command. Encoded flat with `"kind"`: `assign`, `cancel`, `recall`, `land-now`, `resend-events`, `reroute`.
    public enum Kind: Hashable, Sendable {
        case assign(Assignment)
        case cancel(assignmentID: String, returnTo: ReturnTarget)
        /// Abort whatever is active and return to home.
        case recall
        /// Land immediately where the drone is.
        case landNow
        /// Publish again every event from `fromSeq` on that the agent still keeps (already acknowledged by
        /// the broker or not). Ground asks for it when its log of the drone has a hole: an event the broker
        /// delivered can still be lost if ground dies before storing it.
        case resendEvents(fromSeq: UInt64)
        /// Fly the rest of the active assignment along a new route (a no-fly zone appeared across the old
        /// one), with the fences to upload first. The agent re-uploads its mission from where it is.
        case reroute(assignmentID: String, route: Assignment.Route, airspace: Airspace?)

        /// The wire value of `"kind"`.
        public var wireName: String {
            switch self {
            case .assign: "assign"
            case .cancel: "cancel"
            case .recall: "recall"
            case .landNow: "land-now"
            case .resendEvents: "resend-events"
            case .reroute: "reroute"
            }
        }
    }

    public init(commandID: String, droneID: DroneID, issuedAtMs: Int64, expiresAtMs: Int64, kind: Kind) {
        self.commandID = commandID
        self.droneID = droneID
        self.issuedAtMs = issuedAtMs
        self.expiresAtMs = expiresAtMs
        self.kind = kind
    }

    /// Whether the command must no longer be executed at `nowMs`.
    public func isExpired(atMs nowMs: Int64) -> Bool { nowMs > expiresAtMs }

    public func validate() throws(ProtocolError) {
        try Check.identifier(commandID, "commandId")
        try Check.nonNegative(issuedAtMs, "issuedAtMs")
        guard expiresAtMs > issuedAtMs else {
            throw .invalidValue(path: "expiresAtMs", reason: "must be after issuedAtMs")
        }
        switch kind {
        case let .assign(assignment): try assignment.validate(at: "assignment")
        case let .cancel(assignmentID, _): try Check.identifier(assignmentID, "assignmentId")
        case .recall, .landNow: break
        case let .resendEvents(fromSeq):
            guard fromSeq >= 1 else { throw .invalidValue(path: "fromSeq", reason: "eventSeq starts at 1") }
        case let .reroute(assignmentID, route, airspace):
            try Check.identifier(assignmentID, "assignmentId")
            try route.validate(at: "route")
            try airspace?.validate(at: "airspace")
        }
    }
}
