import Foundation
import Hummingbird

/// `GET /v1/deliveries/{id}/history` answer: every status change, oldest first.
struct DeliveryHistoryResponse: ResponseEncodable, Sendable {
    var deliveryID: String
    var changes: [DeliveryHistoryEntry]

    enum CodingKeys: String, CodingKey {
        case deliveryID = "deliveryId"
        case changes
    }
}
