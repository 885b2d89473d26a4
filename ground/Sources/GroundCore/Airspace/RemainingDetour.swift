import FleetProtocol

/// What the rest of a flying drone's route adds to the straight legs
/// ``EnergyModel/remaining(_:from:altitudeRelM:phase:)`` prices from where the drone is: the extra cruise
/// of the leg it flies (from its position) and of the legs still to come, each at its payload.
package enum RemainingDetour {
    package static func cost(
        route: Assignment.Route, phase: AssignmentPhase, position: GeoPoint, plan: RoutePlan, vehicle: VehicleProfile
    ) -> FlightCost {
        func extra(_ routedM: Double, _ straightM: Double, payloadKg: Double) -> FlightCost {
            vehicle.detour(routedM: routedM, straightM: straightM, payloadKg: payloadKg)
        }
        let toDropoff = extra(
            DeliveryRoute.length(plan.pickup, route.toDropoff, plan.dropoff), plan.pickup.distance(to: plan.dropoff),
            payloadKg: plan.payloadKg)
        let toHome = extra(
            DeliveryRoute.length(plan.dropoff, route.toHome, plan.home), plan.dropoff.distance(to: plan.home),
            payloadKg: 0)
        switch phase {
        case .received, .accepted, .preflight, .takeoff, .enRouteToPickup:
            // The pickup leg was routed from where the drone was offered the job: its home, as a rule.
            let left = RoutePolyline.remainingM(
                from: position, start: plan.home, waypoints: route.toPickup, end: plan.pickup)
            return extra(left, position.distance(to: plan.pickup), payloadKg: 0) + toDropoff + toHome
        case .atPickup:
            return toDropoff + toHome
        case .enRouteToDropoff:
            let left = RoutePolyline.remainingM(
                from: position, start: plan.pickup, waypoints: route.toDropoff, end: plan.dropoff)
            return extra(left, position.distance(to: plan.dropoff), payloadKg: plan.payloadKg) + toHome
        case .atDropoff:
            return toHome
        case .returning:
            let left = RoutePolyline.remainingM(
                from: position, start: plan.dropoff, waypoints: route.toHome, end: plan.home)
            return extra(left, position.distance(to: plan.home), payloadKg: 0)
        case .rejected, .landed, .completed, .aborted:
            return .zero
        }
    }
}
