import FleetProtocol

extension AirspaceRouter {
    /// Routes drone position → pickup → dropoff → home.
    package func route(from position: GeoPoint, pickup: GeoPoint, dropoff: GeoPoint, home: GeoPoint)
        -> Result<DeliveryRoute, RouteRefusal>
    {
        if let zone = zone(containing: pickup) { return .failure(.pickupInZone(zoneID: zone)) }
        if let zone = zone(containing: dropoff) { return .failure(.dropoffInZone(zoneID: zone)) }
        if let zone = zone(containing: position) ?? zone(containing: home) {
            return .failure(.droneInZone(zoneID: zone))
        }
        var legs: [[GeoPoint]] = []
        for (name, start, end) in [
            ("toPickup", position, pickup), ("toDropoff", pickup, dropoff), ("toHome", dropoff, home),
        ] {
            switch path(from: start, to: end) {
            case let .success(waypoints):
                guard waypoints.count <= Assignment.Route.maximumWaypointsPerLeg else {
                    return .failure(.noPath(leg: name))
                }
                legs.append(waypoints)
            case .failure(.outsideServiceArea): return .failure(.outsideServiceArea)
            case .failure: return .failure(.noPath(leg: name))
            }
        }
        return .success(
            DeliveryRoute(
                toPickup: legs[0], toDropoff: legs[1], toHome: legs[2],
                toPickupM: DeliveryRoute.length(position, legs[0], pickup),
                toDropoffM: DeliveryRoute.length(pickup, legs[1], dropoff),
                toHomeM: DeliveryRoute.length(dropoff, legs[2], home)))
    }

    /// The fences the assignment carries: the service-area polygon around the pickup as inclusion and
    /// every zone that applies as an exclusion polygon.
    package func airspace(around pickup: GeoPoint) -> Airspace {
        Airspace(inclusion: inclusion(for: pickup), exclusions: zones.map(\.exclusion))
    }
}
