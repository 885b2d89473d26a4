import Foundation
import GroundCore

extension DroneMaintenance {
    /// Builds a record from a `drone_maintenance` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        let droneID = try row.text("drone_id")
        var outOfService: OutOfService?
        if let reason = try row.optionalText("out_of_service_reason") {
            guard let since = try row.optionalDouble("out_of_service_since") else {
                throw StoreError(.corruptRow, operation: "decode maintenance of \(droneID): out_of_service_since")
            }
            outOfService = OutOfService(reason: reason, since: Date(timeIntervalSince1970: since))
        }
        self.init(
            droneID: droneID, outOfService: outOfService,
            lastServiceAt: try row.optionalDouble("last_service_at").map(Date.init(timeIntervalSince1970:)),
            lastServiceNote: try row.optionalText("last_service_note"))
    }
}
