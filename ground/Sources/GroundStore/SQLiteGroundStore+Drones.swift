import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func upsertDrone(_ drone: DroneRecord) async throws(StoreError) {
        try await write("upsert drone \(drone.id)") { db in
            try db.execute(
                sql: """
                    INSERT INTO drones (id, last_state, capabilities, home_lat, home_lon, last_seen, online)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET last_state = excluded.last_state,
                        capabilities = excluded.capabilities, home_lat = excluded.home_lat,
                        home_lon = excluded.home_lon, last_seen = excluded.last_seen, online = excluded.online
                    """,
                arguments: StatementArguments(drone.columnValues.map(\.databaseValue))
            )
        }
    }

    package func drone(id: String) async throws(StoreError) -> DroneRecord? {
        try await read("fetch drone \(id)") { db in
            try Self.fetchOne(db, sql: "SELECT * FROM drones WHERE id = ?", arguments: [id]) { row in
                try DroneRecord(row: row)
            }
        }
    }

    package func drones() async throws(StoreError) -> [DroneRecord] {
        try await read("list drones") { db in
            try Self.fetchAll(db, sql: "SELECT * FROM drones ORDER BY id") { row in try DroneRecord(row: row) }
        }
    }
}
