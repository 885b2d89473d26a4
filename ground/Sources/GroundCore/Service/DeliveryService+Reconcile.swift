import Foundation

extension DeliveryService {
    /// The drone's retained state, newer than the row, says it is no longer flying the delivery's
    /// assignment: the events that ended it were missed (ground control was down when they were
    /// sent). Settles the row from what is known:
    /// - `delivered` → `completed` (the package reached the customer);
    /// - `scheduled`/`pickupInProgress` → back to the queue (nothing on board);
    /// - `inTransit` → `failed`: the package's fate is unknown and needs an operator.
    /// Returns the changed delivery, or nil when the row had already moved on.
    @discardableResult
    package func assignmentEnded(
        _ id: String, droneID: String, assignmentID: String, reportedAt time: Date
    ) async throws(DeliveryServiceError) -> Delivery? {
        let (before, after) = try await mutate(id, businessID: nil, ignoreIllegal: true) {
            d throws(DeliveryTransitionError) in
            guard d.assignedDroneID == droneID, d.assignmentID == assignmentID, time > d.updatedAt else { return }
            switch d.status {
            case .delivered:
                try d.transition(to: .completed, at: time)
            case .scheduled, .pickupInProgress:
                try d.transition(
                    to: .requested, reason: "drone \(droneID) dropped the assignment before pickup", at: time)
                d.assignedDroneID = nil
                d.assignmentID = nil
            case .inTransit:
                try d.transition(
                    to: .failed,
                    reason:
                        "drone \(droneID) ended the assignment with the package on board while ground control was offline",
                    at: time)
            case .requested, .completed, .cancelled, .failed:
                return
            }
        }
        if before.status != after.status {
            logger.warning(
                "delivery settled from drone state",
                metadata: [
                    "delivery": "\(id)", "drone": "\(droneID)", "from": "\(before.status.rawValue)",
                    "to": "\(after.status.rawValue)",
                ])
            return after
        }
        return nil
    }
}
