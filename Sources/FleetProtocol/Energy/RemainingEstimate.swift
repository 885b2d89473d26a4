/// What is left of an assignment from a given position and phase.
public struct RemainingEstimate: Hashable, Sendable {
    /// Seconds until the drone is on the ground at the pickup (0 once there or past it).
    public var untilPickupS: Double
    /// Seconds until the payload is released at the dropoff (0 once released): the customer ETA.
    public var untilDropoffS: Double
    /// Everything until landed at home.
    public var total: FlightCost

    public var durationS: Double { total.durationS }
    public var energyWh: Double { total.energyWh }
    public var distanceM: Double { total.distanceM }
}
