import FleetProtocol
import Foundation
import GRDB

extension SQLiteGroundStore {
    public func upsertDrone(_ drone: DroneRecord) async throws(StoreError) {
        try await write("upsert drone \(drone.id)") { db in
            try db.execute(
                sql: """
                    INSERT INTO drones (id, last_state, capabilities, home_lat, home_lon, last_seen, online)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET last_state = excluded.last_state,
                        capabilities = excluded.capabilities, home_lat = excluded.home_lat,
                        home_lon = excluded.home_lon, last_seen = excluded.last_seen, online = excluded.online
                    """,
                arguments: [
                    drone.id, drone.lastState, drone.capabilities, drone.home?.lat, drone.home?.lon,
                    drone.lastSeen?.timeIntervalSince1970, drone.online,
                ]
            )
        }
    }

    public func drone(id: String) async throws(StoreError) -> DroneRecord? {
        try await read("fetch drone \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM drones WHERE id = ?", arguments: [id]).map(Self.drone(row:))
        }
    }

    public func drones() async throws(StoreError) -> [DroneRecord] {
        try await read("list drones") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM drones ORDER BY id").map(Self.drone(row:))
        }
    }

    static func drone(row: Row) -> DroneRecord {
        var home: GeoPoint?
        if let lat = row["home_lat"] as Double?, let lon = row["home_lon"] as Double? { home = GeoPoint(lat: lat, lon: lon) }
        return DroneRecord(
            id: row["id"], lastState: row["last_state"], capabilities: row["capabilities"], home: home,
            lastSeen: (row["last_seen"] as Double?).map(Date.init(timeIntervalSince1970:)), online: row["online"]
        )
    }
}
