import Foundation

/// One row of a delivery's history: which status it moved to, when and why.
package struct DeliveryStatusChange: Codable, Sendable, Hashable {
    package var deliveryID: String
    package var from: DeliveryStatus?
    package var to: DeliveryStatus
    package var reason: String?
    package var at: Date

    package init(deliveryID: String, from: DeliveryStatus?, to: DeliveryStatus, reason: String?, at: Date) {
        self.deliveryID = deliveryID
        self.from = from
        self.to = to
        self.reason = reason
        self.at = at
    }
}
