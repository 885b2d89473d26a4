import FleetProtocol

/// A delivery waiting for a drone, as the scheduler sees it in one round.
package struct PendingDelivery: Sendable, Hashable, Codable {
    package var id: String
    package var pickup: GeoPoint
    package var dropoff: GeoPoint
    package var payloadKg: Double
    /// Seconds since epoch when it was requested; older requests win ties.
    package var requestedAt: Double
    /// Drones that must not get it (e.g. they rejected it already).
    package var excludedDrones: Set<String>
    /// The only drone that may get it (an operator's manual dispatch); nil: any.
    package var onlyDrone: String?

    package init(
        id: String, pickup: GeoPoint, dropoff: GeoPoint, payloadKg: Double,
        requestedAt: Double, excludedDrones: Set<String> = [], onlyDrone: String? = nil
    ) {
        self.id = id
        self.pickup = pickup
        self.dropoff = dropoff
        self.payloadKg = payloadKg
        self.requestedAt = requestedAt
        self.excludedDrones = excludedDrones
        self.onlyDrone = onlyDrone
    }
}
