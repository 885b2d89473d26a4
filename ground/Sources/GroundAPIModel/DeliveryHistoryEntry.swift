import FleetProtocol
import Foundation
import GroundCore

/// One status change of a delivery as the API shows it.
package struct DeliveryHistoryEntry: Codable, Sendable, Hashable {
    /// Absent for the first entry (the delivery was created in `to`).
    package var from: DeliveryStatus?
    package var to: DeliveryStatus
    package var reason: String?
    package var at: Date

    package init(_ change: DeliveryStatusChange) {
        from = change.from
        to = change.to
        reason = change.reason
        at = change.at
    }
}
