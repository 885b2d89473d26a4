import Foundation

extension Delivery {
    /// Writes a first answer that leaves the delivery waiting (queued, or planned in a drone's queue) onto
    /// the row: the reason, and for a plan its ETAs with their margin (the first ones kept as the initial
    /// ETAs, the promise). A `scheduled` decision is a status change and is not recorded here.
    mutating func recordQueueAnswer(_ decision: DispatchDecision, at time: Date) {
        switch decision {
        case .scheduled:
            return
        case let .queued(reason):
            self.reason = reason
        case let .planned(_, etaPickup, etaDropoff, margin, reason):
            self.reason = reason
            if initialETAPickup == nil { initialETAPickup = etaPickup }
            if initialETADropoff == nil { initialETADropoff = etaDropoff }
            self.etaPickup = etaPickup
            self.etaDropoff = etaDropoff
            etaMarginSeconds = margin
        }
        updatedAt = time
    }
}
