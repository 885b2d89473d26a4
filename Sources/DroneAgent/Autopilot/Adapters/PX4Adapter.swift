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
        let mode = PX4CustomMode(customMode: customMode)
        return switch (mode.mainMode, mode.autoSubMode) {
        case (.manual?, _): FlightMode(.manual, name: "manual")
        case (.altitudeControl?, _): FlightMode(.altitude, name: "altitude")
        case (.positionControl?, _): FlightMode(.position, name: "position")
        case (.stabilized?, _): FlightMode(.stabilized, name: "stabilized")
        case (.auto?, .takeoff?): FlightMode(.takeoff, name: "takeoff")
        case (.auto?, .loiter?): FlightMode(.hold, name: "hold")
        case (.auto?, .mission?): FlightMode(.mission, name: "mission")
        case (.auto?, .returnToLaunch?): FlightMode(.returnToLaunch, name: "rtl")
        case (.auto?, .land?), (.auto?, .precisionLand?): FlightMode(.land, name: "land")
        default: FlightMode(.other, name: "px4-\(mode.main).\(mode.sub)")
        }
    }

    public func setModeParameters(_ kind: FlightMode.Kind) -> [Float]? {
        let mode: PX4CustomMode? =
            switch kind {
            case .manual: .manual
            case .altitude: .altitudeControl
            case .position: .positionControl
            case .stabilized: PX4CustomMode(.stabilized)
            case .takeoff: .autoTakeoff
            case .hold: .autoLoiter
            case .mission: .autoMission
            case .returnToLaunch: .autoReturnToLaunch
            case .land: .autoLand
            case .guided, .other: nil
            }
        guard let mode else { return nil }
        return [Float(MAVModeFlag.customModeEnabled.rawValue), Float(mode.main), Float(mode.sub)]
    }

    /// PX4 arms in any autonomous mode and MISSION_START switches to AUTO.MISSION itself.
    public var armingMode: FlightMode.Kind? { nil }

    public func encode(_ steps: [MissionStep], home: GeoPoint?) -> (items: [MissionItemInt], seqOfStep: [Int]) {
        let items = steps.map { step -> MissionItemInt in
            switch step {
            case let .takeoff(point, altitude):
                item(.navTakeoff, point, altitudeM: altitude, frame: .globalRelativeAltInt, p4: .nan)
            case let .waypoint(point, altitude): item(.navWaypoint, point, altitudeM: altitude, p4: .nan)
            case let .land(point): item(.navLand, point, p4: .nan)
            case let .waitOnGround(seconds): item(.navDelay, p1: Float(seconds), p2: -1, p3: -1, p4: -1)
            case let .hover(point, altitude, seconds):
                item(.navLoiterTime, point, altitudeM: altitude, p1: Float(seconds))
            case let .gripper(release): item(.doGripper, p1: 1, p2: release ? 0 : 1)
            case .returnToLaunch: item(.navReturnToLaunch)
            }
        }
        return (sequenced(items), Array(steps.indices))
    }

    public func reportedTotal(uploaded: Int) -> Int { uploaded }

    public func requiredParameters(for steps: [MissionStep]) -> [ParameterRequirement] { [] }
}
