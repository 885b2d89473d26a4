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
    /// Each leg flies through the intermediate waypoints of `assignment.route` (ground's path around
    /// no-fly zones) at cruise altitude; the way home ends with the autopilot's return to launch.
    public func plan(_ assignment: Assignment, home: GeoPoint?) -> MissionPlan {
        let h = assignment.cruiseAltitudeM
        let release = min(profile.releaseAltitudeM, assignment.cruiseAltitudeM)
        let route = assignment.route ?? Assignment.Route()
        var steps: [MissionStep] = [.takeoff(home, altitudeM: h)]
        let enRouteToPickup = steps.count
        steps += route.toPickup.map { .waypoint($0, altitudeM: h) }
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
        steps += route.toDropoff.map { .waypoint($0, altitudeM: h) }
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
        steps += route.toHome.map { .waypoint($0, altitudeM: h) }
        steps.append(.returnToLaunch)
        return MissionPlan(
            steps: steps,
            layout: MissionLayout(
                itemCount: steps.count, enRouteToPickup: enRouteToPickup, atPickup: atPickup,
                enRouteToDropoff: enRouteToDropoff,
                atDropoff: atDropoff, returning: returning))
    }

    /// The step a re-routed flight resumes at, in a plan built with the new route: the first waypoint of
    /// the leg `phase` flies (the drone goes from where it is straight to it), or the start of the phase.
    public func resumeStep(for phase: AssignmentPhase, in plan: MissionPlan, route: Assignment.Route) -> Int {
        let layout = plan.layout
        switch phase {
        case .takeoff, .enRouteToPickup: return layout.enRouteToPickup
        case .atPickup: return layout.atPickup
        case .enRouteToDropoff:
            // Land loading takes off at the pickup first; once flying the leg starts after that takeoff.
            return loadingMode == .land ? layout.enRouteToDropoff + 1 : layout.enRouteToDropoff
        case .atDropoff: return layout.atDropoff
        default: return layout.returning
        }
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
