import FleetProtocol

/// What flying the routed legs costs beyond the straight ones ``EnergyModel`` prices: the extra cruise
/// of each leg at that leg's payload. Added to the straight estimate, so ground's feasibility stays
/// the agent's model plus the detour (never less than what the agent checks).
package struct RouteDetour: Sendable, Hashable {
    package var energyWh: Double
    package var toPickupSeconds: Double
    package var toDropoffSeconds: Double

    /// `route` is the straight plan from home; the pickup leg is routed from `position`.
    package init(path: DeliveryRoute, route: RoutePlan, from position: GeoPoint, vehicle: VehicleProfile) {
        func extra(_ routedM: Double, _ straightM: Double, payloadKg: Double) -> FlightCost {
            let routed = vehicle.cruise(routedM, payloadKg: payloadKg)
            let straight = vehicle.cruise(straightM, payloadKg: payloadKg)
            return FlightCost(
                durationS: max(routed.durationS - straight.durationS, 0),
                energyWh: max(routed.energyWh - straight.energyWh, 0),
                distanceM: max(routed.distanceM - straight.distanceM, 0))
        }
        let toPickup = extra(path.toPickupM, position.distance(to: route.pickup), payloadKg: 0)
        let toDropoff = extra(path.toDropoffM, route.pickup.distance(to: route.dropoff), payloadKg: route.payloadKg)
        let toHome = extra(path.toHomeM, route.dropoff.distance(to: route.home), payloadKg: 0)
        energyWh = toPickup.energyWh + toDropoff.energyWh + toHome.energyWh
        toPickupSeconds = toPickup.durationS
        toDropoffSeconds = toPickup.durationS + toDropoff.durationS
    }
}
