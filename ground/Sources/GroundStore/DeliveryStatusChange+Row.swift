import Foundation
import GroundCore

extension DeliveryStatusChange {
    /// Builds a history entry from a `delivery_history` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        let deliveryID = try row.text("delivery_id")
        guard let to = DeliveryStatus(rawValue: try row.text("to_status")) else {
            throw StoreError(.corruptRow, operation: "decode history of \(deliveryID)")
        }
        self.init(
            deliveryID: deliveryID, from: try row.optionalText("from_status").flatMap(DeliveryStatus.init(rawValue:)),
            to: to, reason: try row.optionalText("reason"), at: Date(timeIntervalSince1970: try row.double("at"))
        )
    }

    var columnValues: [StoreValue] {
        [
            .text(deliveryID), .text(from?.rawValue), .text(to.rawValue), .text(reason),
            .double(at.timeIntervalSince1970),
        ]
    }
}
