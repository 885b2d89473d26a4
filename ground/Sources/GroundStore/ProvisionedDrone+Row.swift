import Foundation
import GroundCore

extension ProvisionedDrone {
    /// Builds a registry entry from a `provisioned_drones` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        let id = try row.text("id")
        let statusText = try row.text("status")
        guard let status = Status(rawValue: statusText) else {
            throw StoreError(.corruptRow, operation: "decode provisioned drone \(id): unknown status '\(statusText)'")
        }
        self.init(
            id: id, status: status, registeredAt: Date(timeIntervalSince1970: try row.double("registered_at")),
            retiredAt: try row.optionalDouble("retired_at").map(Date.init(timeIntervalSince1970:))
        )
    }
}
