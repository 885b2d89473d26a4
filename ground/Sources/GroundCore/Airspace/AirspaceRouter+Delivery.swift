import FleetProtocol

extension AirspaceRouter {
    /// Routes drone position → pickup → dropoff → home and names the fences: the step the scheduler's
    /// pairs and the dispatcher's due queue heads both take.
    package func plan(from position: GeoPoint, pickup: GeoPoint, dropoff: GeoPoint, home: GeoPoint)
        -> Result<RoutedDelivery, RouteRefusal>
    {
        route(from: position, pickup: pickup, dropoff: dropoff, home: home).map {
            RoutedDelivery(path: $0, airspace: airspace(around: pickup))
        }
    }

    /// Routes drone position → pickup → dropoff → home.
    package func route(from position: GeoPoint, pickup: GeoPoint, dropoff: GeoPoint, home: GeoPoint)
        -> Result<DeliveryRoute, RouteRefusal>
    {
        route(from: position, pickup: pickup, dropoff: dropoff, home: home) { leg(from: $0, to: $1, name: $2) }
    }

    /// Routes drone position → pickup → dropoff → home with `legs` finding each leg's waypoints (the
    /// planner passes its cache of legs already routed).
    package func route(
        from position: GeoPoint, pickup: GeoPoint, dropoff: GeoPoint, home: GeoPoint,
        legs leg: (_ start: GeoPoint, _ end: GeoPoint, _ name: String) -> Result<[GeoPoint], RouteRefusal>
    ) -> Result<DeliveryRoute, RouteRefusal> {
        if let zone = zone(containing: pickup) { return .failure(.pickupInZone(zoneID: zone)) }
        if let zone = zone(containing: dropoff) { return .failure(.dropoffInZone(zoneID: zone)) }
        if let zone = zone(containing: position) ?? zone(containing: home) {
            return .failure(.droneInZone(zoneID: zone))
        }
        var legs: [[GeoPoint]] = []
        for (name, start, end) in [
            ("toPickup", position, pickup), ("toDropoff", pickup, dropoff), ("toHome", dropoff, home),
        ] {
            switch leg(start, end, name) {
            case let .success(waypoints): legs.append(waypoints)
            case let .failure(refusal): return .failure(refusal)
            }
        }
        return .success(
            DeliveryRoute(
                toPickup: legs[0], toDropoff: legs[1], toHome: legs[2], from: position, pickup: pickup,
                dropoff: dropoff, home: home))
    }

    /// The waypoints of one leg as an assignment may carry them, or why the leg cannot be flown.
    package func leg(from start: GeoPoint, to end: GeoPoint, name: String) -> Result<[GeoPoint], RouteRefusal> {
        switch path(from: start, to: end) {
        case let .success(waypoints):
            guard waypoints.count <= Assignment.Route.maximumWaypointsPerLeg else {
                return .failure(.noPath(leg: name))
            }
            return .success(waypoints)
        case .failure(.outsideServiceArea): return .failure(.outsideServiceArea)
        case .failure: return .failure(.noPath(leg: name))
        }
    }

    /// The fences the assignment carries: the service-area polygon around the pickup as inclusion and
    /// every zone that applies as an exclusion polygon.
    package func airspace(around pickup: GeoPoint) -> Airspace {
        Airspace(inclusion: inclusion(for: pickup), exclusions: zones.map(\.exclusion))
    }
}
