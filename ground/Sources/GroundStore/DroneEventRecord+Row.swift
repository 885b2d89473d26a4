import Foundation
import GroundCore

extension DroneEventRecord {
    /// Builds an event from a `drone_events` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        self.init(
            droneID: try row.text("drone_id"), eventSeq: try row.integer("event_seq"), kind: try row.text("kind"),
            receivedAt: Date(timeIntervalSince1970: try row.double("received_at")), payload: try row.text("payload"))
    }
}
