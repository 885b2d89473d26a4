import Foundation

extension DeliveryService {
    /// Takes a delivery off a drone that can no longer fly it before pickup (it went offline) and
    /// puts it back in the queue, remembering the drone so it is not picked again.
    @discardableResult
    public func requeue(_ id: String, droneID: String, reason: String) async throws(DeliveryServiceError) -> Delivery {
        let (_, after) = try await mutate(id, businessID: nil) { d throws(DeliveryTransitionError) in
            guard d.assignedDroneID == droneID, d.status == .scheduled else { return }
            try d.transition(to: .requested, reason: reason, at: self.now())
            d.rejectedBy.append(droneID)
            d.assignedDroneID = nil
            d.assignmentID = nil
        }
        return after
    }
}
