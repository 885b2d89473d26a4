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
}
