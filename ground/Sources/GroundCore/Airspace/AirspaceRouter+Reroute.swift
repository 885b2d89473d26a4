import FleetProtocol

extension AirspaceRouter {
    /// Checks what is left of a flight against the zones and, when a zone crosses it, plans from the
    /// drone's position: the rest of the route around the zones if one exists, else home if the straight
    /// way home is clear (what an operator expects, and what the autopilot's return does), else land now.
    package func reroute(
        phase: AssignmentPhase, position: GeoPoint, pickup: GeoPoint, dropoff: GeoPoint, home: GeoPoint,
        route: Assignment.Route?
    ) -> RerouteDecision {
        let route = route ?? Assignment.Route()
        guard
            let remaining = Self.remainingPath(
                phase: phase, position: position, pickup: pickup, dropoff: dropoff, home: home, route: route),
            let zoneID = firstZone(crossedBy: remaining)
        else { return .clear }
        if let replanned = replan(phase: phase, position: position, pickup: pickup, dropoff: dropoff, home: home) {
            return .reroute(replanned, zoneID: zoneID)
        }
        return firstZone(crossedBy: [position, home]) == nil ? .returnHome(zoneID: zoneID) : .landNow(zoneID: zoneID)
    }

    /// The legs still to fly from `position` in `phase`; nil when the drone is done flying.
    private func replan(phase: AssignmentPhase, position: GeoPoint, pickup: GeoPoint, dropoff: GeoPoint, home: GeoPoint)
        -> Assignment.Route?
    {
        func leg(_ a: GeoPoint, _ b: GeoPoint) -> [GeoPoint]? {
            guard case let .success(waypoints) = path(from: a, to: b),
                waypoints.count <= Assignment.Route.maximumWaypointsPerLeg
            else { return nil }
            return waypoints
        }
        switch phase {
        case .received, .accepted, .preflight, .takeoff, .enRouteToPickup:
            guard let toPickup = leg(position, pickup), let toDropoff = leg(pickup, dropoff),
                let toHome = leg(dropoff, home)
            else { return nil }
            return Assignment.Route(toPickup: toPickup, toDropoff: toDropoff, toHome: toHome)
        case .atPickup:
            guard let toDropoff = leg(pickup, dropoff), let toHome = leg(dropoff, home) else { return nil }
            return Assignment.Route(toDropoff: toDropoff, toHome: toHome)
        case .enRouteToDropoff:
            guard let toDropoff = leg(position, dropoff), let toHome = leg(dropoff, home) else { return nil }
            return Assignment.Route(toDropoff: toDropoff, toHome: toHome)
        case .atDropoff:
            guard let toHome = leg(dropoff, home) else { return nil }
            return Assignment.Route(toHome: toHome)
        case .returning:
            guard let toHome = leg(position, home) else { return nil }
            return Assignment.Route(toHome: toHome)
        case .landed, .completed, .rejected, .aborted:
            return nil
        }
    }

    /// The polyline still to fly from `position` in `phase` along `route`; nil when the drone is done.
    package static func remainingPath(
        phase: AssignmentPhase, position: GeoPoint, pickup: GeoPoint, dropoff: GeoPoint, home: GeoPoint,
        route: Assignment.Route
    ) -> [GeoPoint]? {
        let toDropoff = [pickup] + route.toDropoff + [dropoff]
        let toHome = [dropoff] + route.toHome + [home]
        switch phase {
        case .received, .accepted, .preflight, .takeoff:
            return [position] + route.toPickup + toDropoff + Array(toHome.dropFirst())
        case .enRouteToPickup:
            let rest = rest(of: [home] + route.toPickup + [pickup], from: position)
            return [position] + rest + toDropoff + Array(toHome.dropFirst())
        case .atPickup:
            return toDropoff + Array(toHome.dropFirst())
        case .enRouteToDropoff:
            return [position] + rest(of: toDropoff, from: position) + [dropoff] + Array(toHome.dropFirst())
        case .atDropoff:
            return toHome
        case .returning:
            return [position] + rest(of: toHome, from: position) + [home]
        case .landed, .completed, .rejected, .aborted:
            return nil
        }
    }

    /// The intermediate waypoints of `leg` after the segment nearest to `position` (where the drone is).
    private static func rest(of leg: [GeoPoint], from position: GeoPoint) -> [GeoPoint] {
        guard leg.count > 2 else { return [] }
        let projection = LocalProjection(origin: position)
        let here = projection.project(position)
        let points = leg.map(projection.project)
        var nearest = 0
        var best = Double.infinity
        for k in 0..<(points.count - 1) {
            let distance = Planar.pointSegmentDistance(here, points[k], points[k + 1])
            if distance < best {
                best = distance
                nearest = k
            }
        }
        return Array(leg[(nearest + 1)..<(leg.count - 1)])
    }
}
