import FleetProtocol

/// Where the lifecycle phases start in an uploaded delivery mission, by item index.
///
/// Persisted with the assignment so a restarted agent maps the autopilot's MISSION_CURRENT to the same
/// phases even if its configuration changed meanwhile.
public struct MissionLayout: Codable, Sendable, Equatable {
    /// Items in the mission.
    public var itemCount: Int
    /// First item after the take-off (the leg to the pickup). 1 unless a home slot comes first.
    public var enRouteToPickup: Int
    /// First item after arriving (landed or hovering) at the pickup.
    public var atPickup: Int
    /// First item of the leg to the dropoff (take-off again / leave hover).
    public var enRouteToDropoff: Int
    /// First item after the payload was released.
    public var atDropoff: Int
    /// First item of the way home.
    public var returning: Int

    public init(
        itemCount: Int, enRouteToPickup: Int = 1, atPickup: Int, enRouteToDropoff: Int, atDropoff: Int, returning: Int
    ) {
        self.itemCount = itemCount
        self.enRouteToPickup = enRouteToPickup
        self.atPickup = atPickup
        self.enRouteToDropoff = enRouteToDropoff
        self.atDropoff = atDropoff
        self.returning = returning
    }

    /// The phase the vehicle is in while executing item `current` (`complete`: the last item was reached).
    public func phase(current: Int, complete: Bool) -> AssignmentPhase {
        if complete { return .returning }
        switch current {
        case ..<enRouteToPickup: return .takeoff
        case ..<atPickup: return .enRouteToPickup
        case ..<enRouteToDropoff: return .atPickup
        case ..<atDropoff: return .enRouteToDropoff
        case ..<returning: return .atDropoff
        default: return .returning
        }
    }
}

extension MissionLayout {
    private enum CodingKeys: String, CodingKey {
        case itemCount, enRouteToPickup, atPickup, enRouteToDropoff, atDropoff, returning
    }

    /// Layouts persisted before `enRouteToPickup` existed had the take-off at item 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            itemCount: try c.decode(Int.self, forKey: .itemCount),
            enRouteToPickup: try c.decodeIfPresent(Int.self, forKey: .enRouteToPickup) ?? 1,
            atPickup: try c.decode(Int.self, forKey: .atPickup),
            enRouteToDropoff: try c.decode(Int.self, forKey: .enRouteToDropoff),
            atDropoff: try c.decode(Int.self, forKey: .atDropoff), returning: try c.decode(Int.self, forKey: .returning)
        )
    }

    /// The same boundaries with every step index mapped through `seq` (step index → item sequence number).
    func mapped(itemCount: Int, _ seq: (Int) -> Int) -> MissionLayout {
        MissionLayout(
            itemCount: itemCount, enRouteToPickup: seq(enRouteToPickup), atPickup: seq(atPickup),
            enRouteToDropoff: seq(enRouteToDropoff), atDropoff: seq(atDropoff), returning: seq(returning))
    }
}
