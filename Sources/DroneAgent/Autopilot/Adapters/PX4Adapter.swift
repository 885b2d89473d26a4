import FleetProtocol
import MAVLink

/// PX4 (reference: src/modules/mavlink/mavlink_mission.cpp, navigator, px4_custom_mode.h).
///
/// - Commands without a position (DO_GRIPPER, NAV_DELAY, NAV_RETURN_TO_LAUNCH) are taken only in
///   MAV_FRAME_MISSION; any other frame gets MISSION_ACK UNSUPPORTED_FRAME / UNSUPPORTED.
/// - Waiting on the ground is NAV_DELAY: NAV_LOITER_TIME on a landed vehicle takes off first.
/// - MISSION_CURRENT.total counts every uploaded item; mission_state is 0 up to PX4 1.15.
public struct PX4Adapter: AutopilotAdapter {
    public init() {}

    public var family: AutopilotFamily { .px4 }

    public func flightMode(customMode: UInt32) -> FlightMode {
        let mode = PX4FlightMode(customMode: customMode)
        let kind: FlightMode.Kind = switch mode {
        case .manual: .manual
        case .altitude: .altitude
        case .position: .position
        case .takeoff: .takeoff
        case .hold: .hold
        case .mission: .mission
        case .returnToLaunch: .returnToLaunch
        case .land: .land
        case .other: .other
        }
        return FlightMode(kind, name: mode.name)
    }

    public func setModeParameters(_ kind: FlightMode.Kind) -> [Float]? {
        let mode: PX4FlightMode? = switch kind {
        case .manual: .manual
        case .altitude: .altitude
        case .position: .position
        case .takeoff: .takeoff
        case .hold: .hold
        case .mission: .mission
        case .returnToLaunch: .returnToLaunch
        case .land: .land
        case .stabilized, .guided, .other: nil
        }
        guard let (main, sub) = mode?.mainAndSub else { return nil }
        return [Float(MAVModeFlag.customModeEnabled.rawValue), Float(main), Float(sub)]
    }

    /// PX4 arms in any autonomous mode and MISSION_START switches to AUTO.MISSION itself.
    public var armingMode: FlightMode.Kind? { nil }

    public func encode(_ steps: [MissionStep], home: GeoPoint?) -> (items: [MissionItemInt], seqOfStep: [Int]) {
        let items = steps.map { step -> MissionItemInt in
            switch step {
            case let .takeoff(point, altitude): item(.navTakeoff, point, altitudeM: altitude, frame: .globalRelativeAltInt, p4: .nan)
            case let .waypoint(point, altitude): item(.navWaypoint, point, altitudeM: altitude, p4: .nan)
            case let .land(point): item(.navLand, point, p4: .nan)
            case let .waitOnGround(seconds): item(.navDelay, p1: Float(seconds), p2: -1, p3: -1, p4: -1)
            case let .hover(point, altitude, seconds): item(.navLoiterTime, point, altitudeM: altitude, p1: Float(seconds))
            case let .gripper(release): item(.doGripper, p1: 1, p2: release ? 0 : 1)
            case .returnToLaunch: item(.navReturnToLaunch)
            }
        }
        return (sequenced(items), Array(steps.indices))
    }

    public func reportedTotal(uploaded: Int) -> Int { uploaded }

    public func requiredParameters(for steps: [MissionStep]) -> [ParameterRequirement] { [] }
}
