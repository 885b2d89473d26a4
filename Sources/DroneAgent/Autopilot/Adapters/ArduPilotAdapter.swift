import FleetProtocol
import MAVLink

/// ArduPilot, flown as ArduCopter (reference: libraries/AP_Mission/AP_Mission.cpp, ArduCopter/mode_auto.cpp,
/// ArduCopter/mode.h, libraries/GCS_MAVLink/MissionItemProtocol_Waypoints.cpp).
///
/// - Mission seq 0 is home: the uploader's item 0 is a placeholder the autopilot replaces, the mission
///   proper starts at seq 1 and MISSION_CURRENT.total excludes home.
/// - AUTO will not start on the ground without a take-off first ("Auto: Missing Takeoff Cmd").
/// - NAV_LAND in AUTO disarms and ends the mission unless MIS_OPTIONS bit 2 (ContinueAfterLand) is set and
///   the next command is a take-off; only NAV_DELAY may sit between the two (`is_takeoff_next`), so the
///   gripper grab goes right after the take-off item (do-commands start with the nav command before them,
///   i.e. as the take-off begins, still on the ground).
/// - Modes are copter numbers; a mission RTL item flies inside AUTO (no mode change).
/// - Arming is refused in AUTO (Mode::allows_arming): arm in GUIDED, then MISSION_START.
public struct ArduPilotAdapter: AutopilotAdapter {
    public init() {}

    public var family: AutopilotFamily { .ardupilot }

    /// What the agent makes of each ArduCopter mode (numbers and names: MAVLink's ``ArduCopterMode``).
    static let kinds: [ArduCopterMode: FlightMode.Kind] = [
        .stabilize: .stabilized, .acro: .manual, .altHold: .altitude, .auto: .mission, .guided: .guided, .loiter: .hold,
        .rtl: .returnToLaunch, .land: .land, .posHold: .position, .brake: .hold, .smartRTL: .returnToLaunch,
        .autoRTL: .returnToLaunch,
    ]

    public func flightMode(customMode: UInt32) -> FlightMode {
        let mode = ArduCopterMode(rawValue: customMode)
        guard let name = mode.name else { return FlightMode(.other, name: "copter-\(customMode)") }
        return FlightMode(Self.kinds[mode] ?? .other, name: name.lowercased())
    }

    public func setModeParameters(_ kind: FlightMode.Kind) -> [Float]? {
        let mode: ArduCopterMode? =
            switch kind {
            case .stabilized: .stabilize
            case .altitude: .altHold
            case .mission: .auto
            case .guided: .guided
            case .hold: .loiter
            case .returnToLaunch: .rtl
            case .land: .land
            case .position: .posHold
            case .manual, .takeoff, .other: nil
            }
        guard let mode else { return nil }
        return [Float(MAVModeFlag.customModeEnabled.rawValue), Float(mode.rawValue)]
    }

    public var armingMode: FlightMode.Kind? { .guided }

    public func encode(_ steps: [MissionStep], home: GeoPoint?) -> (items: [MissionItemInt], seqOfStep: [Int]) {
        let order = flightOrder(steps)
        var seqOfStep = Array(repeating: 0, count: steps.count)
        // Seq 0: home. ArduPilot overwrites it with its own home; a GCS sends home there too.
        var items = [item(.navWaypoint, home, frame: .globalInt)]
        for index in order {
            seqOfStep[index] = items.count
            let encoded: MissionItemInt =
                switch steps[index] {
                // Lat/lon 0: ArduCopter takes off where it stands.
                case let .takeoff(_, altitude): item(.navTakeoff, altitudeM: altitude, frame: .globalRelativeAltInt)
                case let .waypoint(point, altitude): item(.navWaypoint, point, altitudeM: altitude)
                case let .land(point): item(.navLand, point)
                case let .waitOnGround(seconds): item(.navDelay, p1: Float(seconds), p2: -1, p3: -1, p4: -1)
                case let .hover(point, altitude, seconds):
                    item(.navLoiterTime, point, altitudeM: altitude, p1: Float(seconds))
                case let .gripper(release): item(.doGripper, p1: 1, p2: release ? 0 : 1)
                case .returnToLaunch: item(.navReturnToLaunch)
                }
            items.append(encoded)
        }
        return (sequenced(items), seqOfStep)
    }

    /// Step indices in upload order: a gripper step between a landing (and its wait) and the take-off
    /// that follows moves right after that take-off, so the take-off stays "next" after the landing.
    func flightOrder(_ steps: [MissionStep]) -> [Int] {
        var order: [Int] = []
        var deferred: [Int] = []
        var landed = false
        for (index, step) in steps.enumerated() {
            switch step {
            case .land:
                landed = true
                order.append(index)
            case .waitOnGround:
                order.append(index)
            case .gripper where landed:
                deferred.append(index)
            case .takeoff:
                order.append(index)
                order += deferred
                deferred = []
                landed = false
            default:
                order += deferred
                deferred = []
                landed = false
                order.append(index)
            }
        }
        return order + deferred
    }

    /// Total excludes the home slot.
    public func reportedTotal(uploaded: Int) -> Int { max(0, uploaded - 1) }

    /// A landing with a take-off after it needs MIS_OPTIONS bit 2, or the copter disarms and ends the mission.
    public func requiredParameters(for steps: [MissionStep]) -> [ParameterRequirement] {
        guard let land = steps.firstIndex(where: { if case .land = $0 { true } else { false } }),
            steps[land...].contains(where: { if case .takeoff = $0 { true } else { false } })
        else { return [] }
        return [
            ParameterRequirement(
                name: "MIS_OPTIONS", mask: 4,
                purpose: "bit 2 (ContinueAfterLand) lets the mission take off again after landing to load")
        ]
    }
}
