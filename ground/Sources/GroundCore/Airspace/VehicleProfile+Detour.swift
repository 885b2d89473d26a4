import FleetProtocol

extension VehicleProfile {
    /// What cruising `routedM` costs beyond the straight `straightM` at `payloadKg` (never negative: a
    /// route is never priced below the straight leg the agent's own check uses).
    package func detour(routedM: Double, straightM: Double, payloadKg: Double) -> FlightCost {
        let routed = cruise(routedM, payloadKg: payloadKg)
        let straight = cruise(straightM, payloadKg: payloadKg)
        return FlightCost(
            durationS: max(routed.durationS - straight.durationS, 0),
            energyWh: max(routed.energyWh - straight.energyWh, 0),
            distanceM: max(routed.distanceM - straight.distanceM, 0))
    }
}
