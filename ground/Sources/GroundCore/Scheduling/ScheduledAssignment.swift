/// One delivery given to one drone by a scheduling round.
public struct ScheduledAssignment: Sendable, Hashable, Codable {
    public var deliveryID: String
    public var droneID: String
    /// Seconds from now until the drone has landed at the pickup (the minimised cost).
    public var secondsToPickup: Double
    /// Absolute times (seconds since epoch) of pickup landing and payload release.
    public var etaPickup: Double
    public var etaDropoff: Double
    /// Energy the whole mission needs, Wh (without reserve).
    public var missionEnergyWh: Double
    /// Route parameters from the drone's profile, sent in the assignment so the agent checks and flies
    /// exactly the route that was costed.
    public var cruiseAltitudeM: Double
    public var loadingSeconds: Double
}
