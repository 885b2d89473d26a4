import Foundation
import GroundCore

/// One pack swap on a depot's work list, as the API shows it.
package struct SwapOrderResponse: Codable, Sendable, Hashable {
    package var id: String
    package var droneID: String
    package var depotID: String
    /// The delivery waiting for the fresh pack; absent when no job waits yet.
    package var deliveryID: String?
    /// When the pack must be in (the planned launch of the drone's next job); absent when no job waits yet.
    package var neededBy: Date?
    /// `waiting` | `due` | `swapping` | `done` | `cancelled`.
    package var state: SwapOrder.State
    package var batteryPercent: Double?
    package var createdAt: Date
    package var updatedAt: Date

    package init(_ order: SwapOrder) {
        id = order.id
        droneID = order.droneID
        depotID = order.depotID
        deliveryID = order.deliveryID
        neededBy = order.neededBy
        state = order.state
        batteryPercent = order.batteryPercent
        createdAt = order.createdAt
        updatedAt = order.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case droneID = "droneId"
        case depotID = "depotId"
        case deliveryID = "deliveryId"
        case neededBy, state, batteryPercent, createdAt, updatedAt
    }
}
