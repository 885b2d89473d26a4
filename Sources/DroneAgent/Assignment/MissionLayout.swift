import FleetProtocol

/// Where the lifecycle phases start in an uploaded delivery mission, by item index.
///
/// Persisted with the assignment so a restarted agent maps the autopilot's MISSION_CURRENT to the same
/// phases even if its configuration changed meanwhile.
public struct MissionLayout: Codable, Sendable, Equatable {
    /// Items in the mission.
    public var itemCount: Int
    /// First item after arriving (landed or hovering) at the pickup.
    public var atPickup: Int
    /// First item of the leg to the dropoff (take-off again / leave hover).
    public var enRouteToDropoff: Int
    /// First item after the payload was released.
    public var atDropoff: Int
    /// First item of the way home.
    public var returning: Int

    public init(itemCount: Int, atPickup: Int, enRouteToDropoff: Int, atDropoff: Int, returning: Int) {
        self.itemCount = itemCount
        self.atPickup = atPickup
        self.enRouteToDropoff = enRouteToDropoff
        self.atDropoff = atDropoff
        self.returning = returning
    }

    /// The phase the vehicle is in while executing item `current` (`complete`: the last item was reached).
    public func phase(current: Int, complete: Bool) -> AssignmentPhase {
        if complete { return .returning }
        switch current {
        case ..<1: return .takeoff
        case ..<atPickup: return .enRouteToPickup
        case ..<enRouteToDropoff: return .atPickup
        case ..<atDropoff: return .enRouteToDropoff
        case ..<returning: return .atDropoff
        default: return .returning
        }
    }
}
