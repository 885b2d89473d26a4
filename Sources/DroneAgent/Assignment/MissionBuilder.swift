import FleetProtocol
import MAVLink

/// Turns an assignment into the MAVLink mission the autopilot flies.
///
/// Land loading: takeoff, cruise to pickup, land, wait (loiter-time on the ground), gripper grab,
/// take off, cruise to dropoff, descend to the release altitude, release, hover, climb, return to launch
/// (the autopilot lands at home and disarms). Hover loading replaces land/wait/grab/takeoff with a
/// loiter at the pickup.
public struct MissionBuilder: Sendable {
    public var profile: VehicleProfile
    public var loadingMode: AgentConfiguration.LoadingMode

    public init(profile: VehicleProfile, loadingMode: AgentConfiguration.LoadingMode) {
        self.profile = profile
        self.loadingMode = loadingMode
    }

    /// The mission items (seq filled in order) and where each phase starts.
    public func build(_ assignment: Assignment) -> (items: [MissionItemInt], layout: MissionLayout) {
        let h = Float(assignment.cruiseAltitudeM)
        let release = Float(min(profile.releaseAltitudeM, assignment.cruiseAltitudeM))
        var items: [MissionItemInt] = []
        func add(_ command: MAVCmd, _ point: GeoPoint? = nil, alt: Float = 0, p1: Float = 0, p2: Float = 0) {
            items.append(MissionItemInt(
                seq: UInt16(items.count), frame: .globalRelativeAltInt, command: command, current: items.isEmpty ? 1 : 0,
                autocontinue: 1, param1: p1, param2: p2, param3: 0, param4: .nan,
                x: point.map { Int32(($0.lat * 1e7).rounded()) } ?? 0,
                y: point.map { Int32(($0.lon * 1e7).rounded()) } ?? 0,
                z: alt, missionType: .mission))
        }
        add(.navTakeoff, alt: h)
        add(.navWaypoint, assignment.pickup, alt: h)
        let atPickup: Int, enRouteToDropoff: Int
        switch loadingMode {
        case .land:
            add(.navLand, assignment.pickup)
            atPickup = items.count
            add(.navLoiterTime, assignment.pickup, alt: 0, p1: Float(assignment.loadingSeconds))
            add(.doGripper, p1: 1, p2: 1)
            enRouteToDropoff = items.count
            add(.navTakeoff, alt: h)
        case .hover:
            atPickup = items.count
            add(.navLoiterTime, assignment.pickup, alt: h, p1: Float(assignment.loadingSeconds))
            enRouteToDropoff = items.count
        }
        add(.navWaypoint, assignment.dropoff, alt: h)
        add(.navWaypoint, assignment.dropoff, alt: release)
        add(.doGripper, p1: 1, p2: 0)
        let atDropoff = items.count
        add(.navLoiterTime, assignment.dropoff, alt: release, p1: Float(profile.releaseHoverSeconds))
        add(.navWaypoint, assignment.dropoff, alt: h)
        let returning = items.count
        add(.navReturnToLaunch)
        return (items, MissionLayout(itemCount: items.count, atPickup: atPickup, enRouteToDropoff: enRouteToDropoff,
                                     atDropoff: atDropoff, returning: returning))
    }

    /// After a cancel with the package aboard: fly back to the pickup, land, wait the loading time for
    /// someone to take it, release it there, go home.
    public func returnToPickup(_ assignment: Assignment) -> [MissionItemInt] {
        let h = Float(assignment.cruiseAltitudeM)
        let points: [(MAVCmd, GeoPoint?, Float, Float, Float)] = [
            (.navWaypoint, assignment.pickup, h, 0, 0),
            (.navLand, assignment.pickup, 0, 0, 0),
            (.navLoiterTime, assignment.pickup, 0, Float(assignment.loadingSeconds), 0),
            (.doGripper, nil, 0, 1, 0),
            (.navTakeoff, nil, h, 0, 0),
            (.navReturnToLaunch, nil, 0, 0, 0),
        ]
        return points.enumerated().map { index, entry in
            MissionItemInt(
                seq: UInt16(index), frame: .globalRelativeAltInt, command: entry.0, current: index == 0 ? 1 : 0,
                autocontinue: 1, param1: entry.3, param2: entry.4, param3: 0, param4: .nan,
                x: entry.1.map { Int32(($0.lat * 1e7).rounded()) } ?? 0,
                y: entry.1.map { Int32(($0.lon * 1e7).rounded()) } ?? 0, z: entry.2, missionType: .mission)
        }
    }
}

extension MissionBuilder {
    /// From the ground away from home: take off and return to launch.
    public func takeoffAndReturn(altitude: Double) -> [MissionItemInt] {
        [
            MissionItemInt(seq: 0, frame: .globalRelativeAltInt, command: .navTakeoff, current: 1, autocontinue: 1,
                           param4: .nan, z: Float(altitude), missionType: .mission),
            MissionItemInt(seq: 1, frame: .globalRelativeAltInt, command: .navReturnToLaunch, autocontinue: 1, missionType: .mission),
        ]
    }
}
