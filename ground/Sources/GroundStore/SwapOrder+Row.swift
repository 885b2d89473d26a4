import Foundation
import GroundCore

extension SwapOrder {
    /// Builds an order from a `swap_orders` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        let id = try row.text("id")
        let stateText = try row.text("state")
        guard let state = State(rawValue: stateText) else {
            throw StoreError(.corruptRow, operation: "decode swap order \(id): unknown state \(stateText)")
        }
        self.init(
            id: id, droneID: try row.text("drone_id"), depotID: try row.text("depot_id"),
            deliveryID: try row.optionalText("delivery_id"),
            neededBy: try row.optionalDouble("needed_by").map(Date.init(timeIntervalSince1970:)), state: state,
            batteryPercent: try row.optionalDouble("battery_percent"),
            createdAt: Date(timeIntervalSince1970: try row.double("created_at")),
            updatedAt: Date(timeIntervalSince1970: try row.double("updated_at")))
    }
}
