import Foundation

extension Delivery {
    /// Moves to `next`, stamping the time it was reached, or throws without changing anything.
    public mutating func transition(
        to next: DeliveryStatus, reason: String? = nil, at time: Date
    ) throws(DeliveryTransitionError) {
        status = try status.transition(to: next)
        if let reason { self.reason = reason }
        if statusTimes[next] == nil { statusTimes[next] = time }
        updatedAt = time
    }
}
