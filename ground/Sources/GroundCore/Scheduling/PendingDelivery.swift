import FleetProtocol

/// A delivery waiting for a drone, as the scheduler sees it in one round.
public struct PendingDelivery: Sendable, Hashable, Codable {
    public var id: String
    public var pickup: GeoPoint
    public var dropoff: GeoPoint
    public var payloadKg: Double
    /// Seconds since epoch when it was requested; older requests win ties.
    public var requestedAt: Double
    /// Drones that must not get it (e.g. they rejected it already).
    public var excludedDrones: Set<String>
    /// The only drone that may get it (an operator's manual dispatch); nil: any.
    public var onlyDrone: String?

    public init(id: String, pickup: GeoPoint, dropoff: GeoPoint, payloadKg: Double,
                requestedAt: Double, excludedDrones: Set<String> = [], onlyDrone: String? = nil) {
        self.id = id
        self.pickup = pickup
        self.dropoff = dropoff
        self.payloadKg = payloadKg
        self.requestedAt = requestedAt
        self.excludedDrones = excludedDrones
        self.onlyDrone = onlyDrone
    }
}
