import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func registerDrone(_ drone: ProvisionedDrone) async throws(StoreError) {
        try await write("register drone \(drone.id)") { db in
            try db.execute(
                sql: "INSERT INTO provisioned_drones (id, status, registered_at, retired_at) VALUES (?, ?, ?, ?)",
                arguments: [
                    drone.id, drone.status.rawValue, drone.registeredAt.timeIntervalSince1970,
                    drone.retiredAt?.timeIntervalSince1970,
                ]
            )
        }
    }

    package func provisionedDrone(id: String) async throws(StoreError) -> ProvisionedDrone? {
        try await read("fetch provisioned drone \(id)") { db in
            try Self.fetchOne(db, sql: "SELECT * FROM provisioned_drones WHERE id = ?", arguments: [id]) { row in
                try ProvisionedDrone(row: row)
            }
        }
    }

    package func provisionedDrones() async throws(StoreError) -> [ProvisionedDrone] {
        try await read("list provisioned drones") { db in
            try Self.fetchAll(db, sql: "SELECT * FROM provisioned_drones ORDER BY id") { row in
                try ProvisionedDrone(row: row)
            }
        }
    }

    @discardableResult
    package func retireDrone(id: String, at date: Date) async throws(StoreError) -> Bool {
        try await write("retire drone \(id)") { db in
            try db.execute(
                sql:
                    "UPDATE provisioned_drones SET status = 'retired', retired_at = ? WHERE id = ? AND status = 'active'",
                arguments: [date.timeIntervalSince1970, id]
            )
            return db.changesCount > 0
        }
    }
}
