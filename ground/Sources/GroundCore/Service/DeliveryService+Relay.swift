import Foundation

extension DeliveryService {
    /// A status change another instance made (``StatusRelay``): this instance's tracking streams get
    /// it as if made here, and end on a terminal status. Not relayed again.
    package func applyRelayed(_ update: TrackingUpdate) async {
        if update.status.isTerminal {
            latest[update.deliveryID] = nil
        } else {
            // The origin's picture at the change is the newest one (a new drone starts without positions).
            latest[update.deliveryID] = update
        }
        await tracking.publish(update)
    }
}
