import Foundation

extension Delivery {
    /// Moves to `next`, stamping the time it was reached, or throws without changing anything.
    package mutating func transition(
        to next: DeliveryStatus, reason: String? = nil, at time: Date
    ) throws(DeliveryTransitionError) {
        status = try status.transition(to: next)
        if let reason { self.reason = reason }
        if statusTimes[next] == nil { statusTimes[next] = time }
        updatedAt = time
    }

    /// Back to the queue before pickup, off its drone (an operator's reassign or manual dispatch);
    /// throws once the package may be on board.
    mutating func requeueOffDrone(reason: String, at time: Date) throws(DeliveryTransitionError) {
        guard status == .scheduled || status == .requested else {
            throw DeliveryTransitionError(from: status, to: .requested)
        }
        if status == .scheduled { try transition(to: .requested, reason: reason, at: time) }
        assignedDroneID = nil
        assignmentID = nil
    }
}
