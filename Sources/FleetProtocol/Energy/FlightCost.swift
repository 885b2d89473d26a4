/// Duration and energy of one piece of flight; legs and remaining-time estimates are sums of these.
public struct FlightCost: Hashable, Sendable {
    public var durationS: Double
    public var energyWh: Double
    public var distanceM: Double

    public init(durationS: Double = 0, energyWh: Double = 0, distanceM: Double = 0) {
        self.durationS = durationS
        self.energyWh = energyWh
        self.distanceM = distanceM
    }

    public static let zero = FlightCost()

    public static func + (lhs: FlightCost, rhs: FlightCost) -> FlightCost {
        FlightCost(
            durationS: lhs.durationS + rhs.durationS, energyWh: lhs.energyWh + rhs.energyWh,
            distanceM: lhs.distanceM + rhs.distanceM)
    }

    public static func += (lhs: inout FlightCost, rhs: FlightCost) { lhs = lhs + rhs }
}
