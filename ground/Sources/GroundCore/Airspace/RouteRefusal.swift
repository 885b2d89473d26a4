/// Why a delivery cannot be routed; each maps to a queue reason the operator reads.
package enum RouteRefusal: Error, Sendable, Hashable {
    case pickupInZone(zoneID: String)
    case dropoffInZone(zoneID: String)
    /// The drone's position or home lies in a zone (a temporary zone over a drone on the ground).
    case droneInZone(zoneID: String)
    case outsideServiceArea
    /// The named leg (`toPickup`, `toDropoff`, `toHome`) has no way around the zones.
    case noPath(leg: String)
}
