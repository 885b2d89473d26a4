import FleetProtocol

extension AssignmentPhase {
    /// The delivery status a drone in this phase implies, or nil when the phase says nothing new
    /// about the package (accepted, preflight, returning...).
    package var impliedDeliveryStatus: DeliveryStatus? {
        switch self {
        case .enRouteToPickup, .atPickup: .pickupInProgress
        case .enRouteToDropoff: .inTransit
        case .atDropoff: .delivered
        case .completed: .completed
        case .aborted: .failed
        case .received, .accepted, .rejected, .preflight, .takeoff, .returning, .landed: nil
        }
    }
}
