import FleetProtocol
import MAVLink

/// Turns an assignment into the mission the autopilot flies, as firmware-neutral ``MissionStep``s; the
/// autopilot's ``AutopilotAdapter`` encodes them.
///
/// Land loading: takeoff, cruise to pickup, land, wait on the ground, gripper grab, take off, cruise to
/// dropoff, descend to the release altitude, release, hover, climb, return to launch (the autopilot lands
/// at home and disarms). Hover loading replaces land/wait/grab/takeoff with a hover at the pickup.
public struct MissionBuilder: Sendable {
    public var profile: VehicleProfile
    public var loadingMode: AgentConfiguration.LoadingMode

    public init(profile: VehicleProfile, loadingMode: AgentConfiguration.LoadingMode) {
        self.profile = profile
        self.loadingMode = loadingMode
    }

    /// The steps, and (by step index) where each phase starts. `home` is where the vehicle takes off.
    public func plan(_ assignment: Assignment, home: GeoPoint?) -> MissionPlan {
        let h = assignment.cruiseAltitudeM
        let release = min(profile.releaseAltitudeM, assignment.cruiseAltitudeM)
        var steps: [MissionStep] = [.takeoff(home, altitudeM: h)]
        let enRouteToPickup = steps.count
        steps.append(.waypoint(assignment.pickup, altitudeM: h))
        let atPickup: Int, enRouteToDropoff: Int
        switch loadingMode {
        case .land:
            steps.append(.land(assignment.pickup))
            atPickup = steps.count
            steps += [.waitOnGround(seconds: assignment.loadingSeconds), .gripper(release: false)]
            enRouteToDropoff = steps.count
            steps.append(.takeoff(assignment.pickup, altitudeM: h))
        case .hover:
            atPickup = steps.count
            steps.append(.hover(assignment.pickup, altitudeM: h, seconds: assignment.loadingSeconds))
            enRouteToDropoff = steps.count
        }
        steps += [
            .waypoint(assignment.dropoff, altitudeM: h), .waypoint(assignment.dropoff, altitudeM: release),
            .gripper(release: true),
        ]
        let atDropoff = steps.count
        steps += [
            .hover(assignment.dropoff, altitudeM: release, seconds: profile.releaseHoverSeconds),
            .waypoint(assignment.dropoff, altitudeM: h),
        ]
        let returning = steps.count
        steps.append(.returnToLaunch)
        return MissionPlan(
            steps: steps,
            layout: MissionLayout(
                itemCount: steps.count, enRouteToPickup: enRouteToPickup, atPickup: atPickup,
                enRouteToDropoff: enRouteToDropoff,
                atDropoff: atDropoff, returning: returning))
    }

    /// After a cancel with the package aboard: fly back to the pickup, land, wait the loading time for
    /// someone to take it, release it there, go home.
    public func returnToPickup(_ assignment: Assignment) -> [MissionStep] {
        let h = assignment.cruiseAltitudeM
        return [
            .waypoint(assignment.pickup, altitudeM: h), .land(assignment.pickup),
            .waitOnGround(seconds: assignment.loadingSeconds), .gripper(release: true),
            .takeoff(assignment.pickup, altitudeM: h), .returnToLaunch,
        ]
    }

    /// From the ground away from home (at `position`): take off and return to launch.
    public func takeoffAndReturn(at position: GeoPoint?, altitude: Double) -> [MissionStep] {
        [.takeoff(position, altitudeM: altitude), .returnToLaunch]
    }
}
