/// Why the router found no path for one leg.
package enum RoutingFailure: Error, Sendable, Hashable {
    /// The leg starts inside the zone with this id.
    case startInZone(String)
    /// The leg ends inside the zone with this id.
    case endInZone(String)
    /// No service-area polygon holds both ends.
    case outsideServiceArea
    /// Zones (with their safety buffer) and the service-area boundary leave no way through.
    case noPath
}
