import Foundation
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func droneMaintenance(droneID: String) async throws(StoreError) -> DroneMaintenance? {
        try await query(
            "fetch maintenance of \(droneID)", "SELECT * FROM drone_maintenance WHERE drone_id = \(droneID)"
        )
        .first.map { row throws(StoreError) in try DroneMaintenance(row: row) }
    }

    package func droneMaintenanceRecords() async throws(StoreError) -> [DroneMaintenance] {
        try await query("list maintenance records", "SELECT * FROM drone_maintenance ORDER BY drone_id")
            .map { row throws(StoreError) in try DroneMaintenance(row: row) }
    }

    package func saveDroneMaintenance(_ record: DroneMaintenance) async throws(StoreError) {
        try await query(
            "save maintenance of \(record.droneID)",
            """
            INSERT INTO drone_maintenance (drone_id, out_of_service_reason, out_of_service_since,
            last_service_at, last_service_note)
            VALUES (\(record.droneID), \(record.outOfService?.reason), \(record.outOfService?.since.timeIntervalSince1970),
            \(record.lastServiceAt?.timeIntervalSince1970), \(record.lastServiceNote))
            ON CONFLICT (drone_id) DO UPDATE SET out_of_service_reason = EXCLUDED.out_of_service_reason,
            out_of_service_since = EXCLUDED.out_of_service_since, last_service_at = EXCLUDED.last_service_at,
            last_service_note = EXCLUDED.last_service_note
            """)
    }
}
