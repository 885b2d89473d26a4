import FleetProtocol

/// What flying the routed legs costs beyond the straight ones ``EnergyModel`` prices: the extra cruise
/// of each leg at that leg's payload. Added to the straight estimate, so ground's feasibility stays
/// the agent's model plus the detour (never less than what the agent checks).
package struct RouteDetour: Sendable, Hashable {
    package var energyWh: Double
    package var toPickupSeconds: Double
    package var toDropoffSeconds: Double
    /// Extra seconds of the whole flight, home included.
    package var totalSeconds: Double
    package var distanceM: Double

    /// `route` is the straight plan from home; the pickup leg is routed from `position`.
    package init(path: DeliveryRoute, route: RoutePlan, from position: GeoPoint, vehicle: VehicleProfile) {
        func extra(_ routedM: Double, _ straightM: Double, payloadKg: Double) -> FlightCost {
            vehicle.detour(routedM: routedM, straightM: straightM, payloadKg: payloadKg)
        }
        let toPickup = extra(path.toPickupM, position.distance(to: route.pickup), payloadKg: 0)
        let toDropoff = extra(path.toDropoffM, route.pickup.distance(to: route.dropoff), payloadKg: route.payloadKg)
        let toHome = extra(path.toHomeM, route.dropoff.distance(to: route.home), payloadKg: 0)
        energyWh = toPickup.energyWh + toDropoff.energyWh + toHome.energyWh
        toPickupSeconds = toPickup.durationS
        toDropoffSeconds = toPickup.durationS + toDropoff.durationS
        totalSeconds = toDropoffSeconds + toHome.durationS
        distanceM = toPickup.distanceM + toDropoff.distanceM + toHome.distanceM
    }

    /// `remaining` (a straight estimate of the whole flight from where `self` was computed) with the
    /// detour's time and energy added.
    package func adding(to remaining: RemainingEstimate) -> RemainingEstimate {
        var routed = remaining
        routed.untilPickupS += toPickupSeconds
        routed.untilDropoffS += toDropoffSeconds
        routed.total += FlightCost(durationS: totalSeconds, energyWh: energyWh, distanceM: distanceM)
        return routed
    }
}
