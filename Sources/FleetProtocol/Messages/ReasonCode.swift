/// Machine-readable reasons shared by command replies, phase-change events and alarms.
/// Raw values are part of the wire contract: never rename one, only add.
public enum ReasonCode: String, Codable, CaseIterable, Hashable, Sendable {
    // Command rejections
    /// Route energy plus reserve exceeds the usable battery.
    case insufficientBattery
    /// A waypoint or leg lies outside the geofence.
    case outsideGeofence
    /// Payload above the vehicle's maximum.
    case payloadTooHeavy
    /// No GPS fix, not armable, autopilot reporting a fault.
    case vehicleUnhealthy
    /// Another assignment is active.
    case busy
    /// The command arrived after its `expiresAtMs`.
    case expired
    /// The command could not be decoded or failed validation.
    case malformed
    /// The command's `v` is not supported.
    case unsupportedVersion
    /// The command's `kind` is unknown.
    case unknownCommand
    /// A cancel names an assignment the drone does not have.
    case unknownAssignment
    /// The command contradicts the current phase (e.g. cancel after completion).
    case invalidState
    /// `resend-events` asked for events the agent no longer keeps (pruned after its retention).
    case eventsUnavailable
    // Abort / alarm reasons
    /// Cancelled by ground.
    case cancelled
    /// Recalled home by an operator.
    case recalled
    /// Landed where it is on operator command.
    case landNow
    /// Battery low; the agent aborts and returns.
    case lowBattery
    /// Battery critical; the autopilot lands where it is.
    case criticalBattery
    /// Autopilot failsafe engaged (RTL/land triggered by the flight controller).
    case autopilotFailsafe
    /// The drone left or is about to leave the geofence.
    case geofenceBreach
    /// GPS fix lost or degraded.
    case gpsLost
    /// The agent lost the MQTT link to ground for longer than its limit.
    case groundLinkLost
    /// The agent lost the MAVLink link to the autopilot.
    case autopilotLost
    /// The autopilot rejected or failed a mission/command.
    case missionFailed
    /// Anything else; the human-readable message says more.
    case other
}
