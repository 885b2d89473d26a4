import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func droneMaintenance(droneID: String) async throws(StoreError) -> DroneMaintenance? {
        try await read("fetch maintenance of \(droneID)") { db in
            try Self.fetchOne(db, sql: "SELECT * FROM drone_maintenance WHERE drone_id = ?", arguments: [droneID]) {
                row in try DroneMaintenance(row: row)
            }
        }
    }

    package func droneMaintenanceRecords() async throws(StoreError) -> [DroneMaintenance] {
        try await read("list maintenance records") { db in
            try Self.fetchAll(db, sql: "SELECT * FROM drone_maintenance ORDER BY drone_id") { row in
                try DroneMaintenance(row: row)
            }
        }
    }

    package func saveDroneMaintenance(_ record: DroneMaintenance) async throws(StoreError) {
        try await write("save maintenance of \(record.droneID)") { db in
            try db.execute(
                sql: """
                    INSERT INTO drone_maintenance (drone_id, out_of_service_reason, out_of_service_since,
                    last_service_at, last_service_note) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (drone_id) DO UPDATE SET out_of_service_reason = excluded.out_of_service_reason,
                    out_of_service_since = excluded.out_of_service_since, last_service_at = excluded.last_service_at,
                    last_service_note = excluded.last_service_note
                    """,
                arguments: [
                    record.droneID, record.outOfService?.reason, record.outOfService?.since.timeIntervalSince1970,
                    record.lastServiceAt?.timeIntervalSince1970, record.lastServiceNote,
                ])
        }
    }
}
