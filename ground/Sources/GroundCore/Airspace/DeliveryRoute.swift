import FleetProtocol

/// The path of one delivery around the zones: intermediate waypoints of each leg and the flown lengths.
package struct DeliveryRoute: Sendable, Hashable {
    package var toPickup: [GeoPoint]
    package var toDropoff: [GeoPoint]
    package var toHome: [GeoPoint]
    /// Routed horizontal lengths, metres (start → waypoints → end).
    package var toPickupM: Double
    package var toDropoffM: Double
    package var toHomeM: Double
    /// Metres flown beyond the three straight legs.
    package var detourM: Double

    package init(
        toPickup: [GeoPoint], toDropoff: [GeoPoint], toHome: [GeoPoint], from position: GeoPoint, pickup: GeoPoint,
        dropoff: GeoPoint, home: GeoPoint
    ) {
        self.toPickup = toPickup
        self.toDropoff = toDropoff
        self.toHome = toHome
        toPickupM = Self.length(position, toPickup, pickup)
        toDropoffM = Self.length(pickup, toDropoff, dropoff)
        toHomeM = Self.length(dropoff, toHome, home)
        let straightM = position.distance(to: pickup) + pickup.distance(to: dropoff) + dropoff.distance(to: home)
        detourM = max(toPickupM + toDropoffM + toHomeM - straightM, 0)
    }

    /// The route as the assignment carries it; nil when every leg is straight.
    package var wire: Assignment.Route? {
        let route = Assignment.Route(toPickup: toPickup, toDropoff: toDropoff, toHome: toHome)
        return route.isStraight ? nil : route
    }

    /// Length of the polyline `start` → `waypoints` → `end`, metres.
    package static func length(_ start: GeoPoint, _ waypoints: [GeoPoint], _ end: GeoPoint) -> Double {
        let points = [start] + waypoints + [end]
        return zip(points, points.dropFirst()).reduce(0) { $0 + $1.0.distance(to: $1.1) }
    }
}
