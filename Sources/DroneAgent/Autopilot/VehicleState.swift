import FleetProtocol
import MAVLink

/// The agent's typed picture of the vehicle, updated from every MAVLink message the autopilot sends.
public struct VehicleState: Sendable, Equatable {
    /// Last reported position (nil until GLOBAL_POSITION_INT arrives).
    public var position: Telemetry.Position?
    public var velocity = Telemetry.Velocity(northMps: 0, eastMps: 0, downMps: 0)
    public var headingDeg: Double = 0
    /// Remaining battery 0...100 (nil until reported).
    public var batteryPercent: Double?
    public var batteryVoltageV: Double = 0
    /// Energy drawn from the battery so far by the autopilot's own count (BATTERY_STATUS
    /// energy_consumed), Wh; nil when it does not report one.
    public var energyConsumedWh: Double?
    /// Autopilot's remaining-time estimate, seconds, if it gives one.
    public var batteryRemainingS: Double?
    /// Charging and swaps on a depot pad, and the autopilot's own charge state, from BATTERY_STATUS.
    public var charge = BatteryChargeTracker()
    /// FENCE_STATUS (ArduPilot sends it while a fence is enabled; PX4 does not): breached now, and how
    /// many breaches so far.
    public var fenceBreached: Bool?
    public var fenceBreachCount: Int?
    /// The autopilot's wind estimate (PX4 WIND_COV, ArduPilot WIND): where the air moves to, NED m/s, with
    /// the gust from WIND_COV's horizontal variance (WIND has none).
    public var wind: Telemetry.Wind?
    public var mode = FlightMode.unknown
    /// HEARTBEAT `autopilot` of the flight controller (nil before its first heartbeat).
    public var autopilotType: MAVAutopilot?
    /// The family the agent flies it as; nil for an autopilot it has no adapter for.
    public var family: AutopilotFamily?
    /// Parameter values the autopilot reported (PARAM_VALUE), by name.
    public var parameters: [String: Float] = [:]
    /// The last mission upload to the autopilot by someone else (a second ground station), if any.
    public var foreignMissionUpload: ForeignMissionUpload?
    public var armed = false
    public var landedState = Telemetry.LandedState.unknown
    public var gps = Telemetry.GPSStatus(fixType: 0, satellites: 0)
    /// Home (launch) position, from HOME_POSITION.
    public var home: GeoPoint?
    public var mission = MissionProgress()
    /// MAV_STATE from the heartbeat (4 active, 5 critical, 6 emergency ...).
    public var systemStatus: UInt8 = 0
    /// Last STATUSTEXT, for logs and alarm messages.
    public var lastStatusText: String?
    /// Whether a heartbeat arrived within the configured timeout.
    public var autopilotAlive = false
    /// System id of the autopilot, learned from its heartbeat.
    public var systemID: UInt8 = 1
    public var componentID: UInt8 = 1

    public init() {}

    /// Whether the vehicle is off the ground.
    public var airborne: Bool {
        switch landedState {
        case .inAir, .takingOff, .landing: true
        case .onGround: false
        case .unknown: armed && (position?.altRelM ?? 0) > 1
        }
    }

    /// On the ground (as far as the autopilot says).
    public var onGround: Bool { landedState == .onGround }

    /// Critical or emergency system state: the autopilot's own failsafe is active.
    public var failsafeActive: Bool { systemStatus == 5 || systemStatus == 6 }

    /// The adapter for the autopilot's family (nil before its heartbeat or for an unsupported one).
    public var adapter: (any AutopilotAdapter)? { family?.adapter }

    /// The autopilot as the retained state names it: the family, `unsupported-N`, or nil before its heartbeat.
    public var autopilotName: String? {
        guard let autopilotType else { return nil }
        return family?.rawValue ?? "unsupported-\(autopilotType.rawValue)"
    }

    /// Why the agent cannot fly this autopilot at all, nil for PX4 and ArduPilot.
    public var unsupportedAutopilot: String? {
        guard let autopilotType, family == nil else { return nil }
        return
            "unsupported autopilot: HEARTBEAT autopilot \(autopilotType.rawValue); the agent flies PX4 (12) and ArduPilot (3)"
    }

    /// Ready for a new assignment: link alive, a supported autopilot, 3-D fix, no failsafe.
    public var healthProblem: String? {
        if !autopilotAlive { return "no autopilot heartbeat" }
        if let unsupportedAutopilot { return unsupportedAutopilot }
        if !gps.has3DFix { return "no 3D GPS fix (fix type \(gps.fixType))" }
        if failsafeActive { return "autopilot failsafe active (MAV_STATE \(systemStatus))" }
        if position == nil { return "no position yet" }
        if home == nil { return "no home position yet" }
        if batteryPercent == nil { return "no battery report yet" }
        return nil
    }
}
