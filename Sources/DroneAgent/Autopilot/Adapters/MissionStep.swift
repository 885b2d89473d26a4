import FleetProtocol

/// One step of a delivery mission in the agent's own terms; an ``AutopilotAdapter`` turns steps into the
/// mission items its firmware accepts (frames, home slot, waiting on the ground, ordering rules).
public enum MissionStep: Sendable, Equatable {
    /// Climb vertically at `point` (where the vehicle stands, if known) to `altitudeM` above home.
    case takeoff(GeoPoint?, altitudeM: Double)
    /// Fly to `point` at `altitudeM` above home.
    case waypoint(GeoPoint, altitudeM: Double)
    /// Land at `point`; the mission goes on afterwards (landing to load).
    case land(GeoPoint)
    /// Stay landed, motors armed, for `seconds` (loading).
    case waitOnGround(seconds: Double)
    /// Hover at `point`, `altitudeM` above home, for `seconds`.
    case hover(GeoPoint, altitudeM: Double, seconds: Double)
    /// Close (grab) or open (release) the gripper.
    case gripper(release: Bool)
    /// Fly home, land and disarm.
    case returnToLaunch
}
