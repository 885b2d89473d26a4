/// Per-leg and total duration/energy of a ``RoutePlan``.
public struct FlightPlanEstimate: Hashable, Sendable {
    /// The three legs of a delivery.
    public enum Leg: String, CaseIterable, Hashable, Sendable {
        /// Take off at home, fly to pickup, land, load.
        case toPickup
        /// Take off with payload, fly to dropoff, descend, release, climb back.
        case toDropoff
        /// Fly home and land.
        case toHome
    }

    public struct LegEstimate: Hashable, Sendable {
        public var leg: Leg
        public var cost: FlightCost
        public var distanceM: Double { cost.distanceM }
        public var durationS: Double { cost.durationS }
        public var energyWh: Double { cost.energyWh }
    }

    public var legs: [LegEstimate]
    /// Reserve required at acceptance, Wh.
    public var reserveWh: Double
    /// Battery capacity the estimate was made for, Wh.
    public var capacityWh: Double

    public var total: FlightCost { legs.reduce(.zero) { $0 + $1.cost } }
    public var totalDistanceM: Double { total.distanceM }
    public var totalDurationS: Double { total.durationS }
    public var totalEnergyWh: Double { total.energyWh }
    /// Energy needed including the reserve.
    public var requiredEnergyWh: Double { totalEnergyWh + reserveWh }

    /// Whether the route fits in `availableWh` with the reserve left over.
    public func isFeasible(availableWh: Double) -> Bool { requiredEnergyWh <= availableWh }

    public func leg(_ leg: Leg) -> LegEstimate? { legs.first { $0.leg == leg } }
}
