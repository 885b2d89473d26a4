import Foundation
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func registerDrone(_ drone: ProvisionedDrone) async throws(StoreError) {
        try await query(
            "register drone \(drone.id)",
            """
            INSERT INTO provisioned_drones (id, status, registered_at, retired_at)
            VALUES (\(drone.id), \(drone.status.rawValue), \(drone.registeredAt.timeIntervalSince1970), \(drone.retiredAt?.timeIntervalSince1970))
            """)
    }

    package func provisionedDrone(id: String) async throws(StoreError) -> ProvisionedDrone? {
        try await query("fetch provisioned drone \(id)", "SELECT * FROM provisioned_drones WHERE id = \(id)")
            .first.map { row throws(StoreError) in try ProvisionedDrone(row: row) }
    }

    package func provisionedDrones() async throws(StoreError) -> [ProvisionedDrone] {
        try await query("list provisioned drones", "SELECT * FROM provisioned_drones ORDER BY id")
            .map { row throws(StoreError) in try ProvisionedDrone(row: row) }
    }

    @discardableResult
    package func retireDrone(id: String, at date: Date) async throws(StoreError) -> Bool {
        let rows = try await query(
            "retire drone \(id)",
            """
            UPDATE provisioned_drones SET status = 'retired', retired_at = \(date.timeIntervalSince1970)
            WHERE id = \(id) AND status = 'active' RETURNING id
            """)
        return !rows.isEmpty
    }
}
