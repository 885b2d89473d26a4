import Foundation

extension DeliveryService {
    /// Takes a delivery off a drone that can no longer fly it before pickup (it went offline, or the
    /// no-fly zones called it back) and puts it back in the queue, remembering the drone so it is not
    /// picked again. Only while the row is in one of `statuses` (by default: not yet flying to the pickup).
    @discardableResult
    package func requeue(
        _ id: String, droneID: String, reason: String, from statuses: Set<DeliveryStatus> = [.scheduled]
    ) async throws(DeliveryServiceError) -> Delivery {
        let (_, after) = try await mutate(id, businessID: nil) { d throws(DeliveryTransitionError) in
            guard d.assignedDroneID == droneID, statuses.contains(d.status) else { return }
            try d.transition(to: .requested, reason: reason, at: self.now())
            d.rejectedBy.append(droneID)
            d.assignedDroneID = nil
            d.assignmentID = nil
        }
        return after
    }

    /// Remembers in the row that `droneID` must not be offered this delivery again (it refused, did not
    /// answer, or went away with the offer out): whichever instance leads next reads it there.
    package func exclude(_ id: String, droneID: String) async throws(DeliveryServiceError) {
        _ = try await mutate(id, businessID: nil) { d throws(DeliveryTransitionError) in
            guard !d.status.isTerminal, !d.rejectedBy.contains(droneID) else { return }
            d.rejectedBy.append(droneID)
        }
    }
}
