import Foundation

/// One row of a delivery's history: which status it moved to, when and why.
public struct DeliveryStatusChange: Codable, Sendable, Hashable {
    public var deliveryID: String
    public var from: DeliveryStatus?
    public var to: DeliveryStatus
    public var reason: String?
    public var at: Date

    public init(deliveryID: String, from: DeliveryStatus?, to: DeliveryStatus, reason: String?, at: Date) {
        self.deliveryID = deliveryID
        self.from = from
        self.to = to
        self.reason = reason
        self.at = at
    }
}
