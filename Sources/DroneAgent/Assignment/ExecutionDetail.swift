import FleetProtocol

/// Executor bookkeeping persisted with the assignment (the `missionState` column).
struct ExecutionDetail: Codable, Sendable, Equatable {
    var layout: MissionLayout?
    var abortReason: ReasonCode?
    var abortAction: AbortAction?
    /// Whether the abort action was sent to (and accepted by) the autopilot.
    var abortCommanded = false
    /// Battery level and the autopilot's consumed-energy count at acceptance, for the energy the
    /// assignment used (reported on its last phase).
    var startBatteryPercent: Double?
    var startEnergyConsumedWh: Double?
    /// The firmware family the mission was encoded for (its layout's sequence numbers are that family's).
    var family: AutopilotFamily?
    /// Set once the autopilot was at the mission's last item; kept because autopilots reset
    /// MISSION_CURRENT after landing (PX4 to 0, ArduPilot on disarm).
    var lastItemReached: Bool?
    /// The precise cause of an abort, as sent to ground (e.g. "mission item 3, command MAV_CMD_DO_GRIPPER
    /// (211), result MAV_MISSION_UNSUPPORTED_FRAME (2)").
    var abortDetail: String?
}
