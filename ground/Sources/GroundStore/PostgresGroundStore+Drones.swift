import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func upsertDrone(_ drone: DroneRecord) async throws(StoreError) {
        var binds = PostgresBindings()
        for value in drone.columnValues { binds.append(value) }
        try await query(
            "upsert drone \(drone.id)",
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO drones (id, last_state, capabilities, home_lat, home_lon, last_seen, online)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT (id) DO UPDATE SET last_state = excluded.last_state,
                        capabilities = excluded.capabilities, home_lat = excluded.home_lat,
                        home_lon = excluded.home_lon, last_seen = excluded.last_seen, online = excluded.online
                    """, binds: binds))
    }

    package func drone(id: String) async throws(StoreError) -> DroneRecord? {
        try await query("fetch drone \(id)", "SELECT * FROM drones WHERE id = \(id)")
            .first.map { row throws(StoreError) in try DroneRecord(row: row) }
    }

    package func drones() async throws(StoreError) -> [DroneRecord] {
        try await query("list drones", "SELECT * FROM drones ORDER BY id")
            .map { row throws(StoreError) in try DroneRecord(row: row) }
    }
}
