import Foundation

/// One status change of a delivery as the API shows it.
struct DeliveryHistoryEntry: Codable, Sendable, Hashable {
    /// Absent for the first entry (the delivery was created in `to`).
    var from: DeliveryStatus?
    var to: DeliveryStatus
    var reason: String?
    var at: Date

    init(_ change: DeliveryStatusChange) {
        from = change.from
        to = change.to
        reason = change.reason
        at = change.at
    }
}
