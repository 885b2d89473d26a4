/// Why a delivery stayed queued after a round; machine-readable, shown in the delivery status.
package enum UnassignedReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// No drone is online and idle.
    case noDroneAvailable
    /// Every idle drone has already rejected (or is excluded from) this delivery.
    case allDronesRejected
    /// The package is heavier than any idle drone can carry.
    case payloadTooHeavy
    /// No idle drone has the energy for current→pickup→dropoff→home plus the reserve.
    case insufficientRange
    /// Pickup, dropoff or a needed leg is outside the service area.
    case outsideServiceArea
    /// The pickup lies in a no-fly zone.
    case pickupInNoFlyZone
    /// The dropoff lies in a no-fly zone.
    case dropoffInNoFlyZone
    /// No path around the no-fly zones (with their safety buffer) inside the service area.
    case noSafePath
    /// Feasible drones exist but the optimum gave them to other deliveries this round.
    case dronesAssignedElsewhere
    /// An operator dispatched it to one drone, which is not idle and online now.
    case chosenDroneUnavailable
}
