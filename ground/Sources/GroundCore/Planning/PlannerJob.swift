import FleetProtocol

/// A delivery not yet flown, as the day planner sees it. Times are seconds since epoch.
package struct PlannerJob: Sendable, Hashable {
    package var id: String
    package var pickup: GeoPoint
    package var dropoff: GeoPoint
    package var payloadKg: Double
    package var requestedAt: Double
    /// Earliest pickup (the window's start); nil: as soon as possible.
    package var earliestPickup: Double?
    /// Latest pickup (the window's end).
    package var latestPickup: Double?
    /// Latest dropoff.
    package var deadline: Double?
    package var priority: DeliveryPriority
    /// Drones that must not get it (they refused it already).
    package var excludedDrones: Set<String>
    /// The only drone that may get it (an operator's pin).
    package var onlyDrone: String?
    /// The drone the previous plan gave it: it moves only for a gain above the planner's hysteresis.
    package var previousDrone: String?
    /// The dropoff time first quoted to the customer (ground keeps it as the delivery's initial ETA):
    /// the plan keeps it ahead of any job not yet promised. nil: not quoted yet.
    package var promisedDropoff: Double?

    package init(
        id: String, pickup: GeoPoint, dropoff: GeoPoint, payloadKg: Double, requestedAt: Double,
        earliestPickup: Double? = nil, latestPickup: Double? = nil, deadline: Double? = nil,
        priority: DeliveryPriority = .standard, excludedDrones: Set<String> = [], onlyDrone: String? = nil,
        previousDrone: String? = nil, promisedDropoff: Double? = nil
    ) {
        self.id = id
        self.pickup = pickup
        self.dropoff = dropoff
        self.payloadKg = payloadKg
        self.requestedAt = requestedAt
        self.earliestPickup = earliestPickup
        self.latestPickup = latestPickup
        self.deadline = deadline
        self.priority = priority
        self.excludedDrones = excludedDrones
        self.onlyDrone = onlyDrone
        self.previousDrone = previousDrone
        self.promisedDropoff = promisedDropoff
    }
}
