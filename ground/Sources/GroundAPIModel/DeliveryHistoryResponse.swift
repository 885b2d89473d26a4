import FleetProtocol
import Foundation
import GroundCore

/// `GET /v1/deliveries/{id}/history` answer: every status change, oldest first.
package struct DeliveryHistoryResponse: Codable, Sendable {
    package var deliveryID: String
    package var changes: [DeliveryHistoryEntry]

    package init(deliveryID: String, changes: [DeliveryHistoryEntry]) {
        self.deliveryID = deliveryID
        self.changes = changes
    }

    package enum CodingKeys: String, CodingKey {
        case deliveryID = "deliveryId"
        case changes
    }
}
