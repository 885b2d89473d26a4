import Foundation
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func insertNoFlyZone(_ zone: NoFlyZone) async throws(StoreError) {
        let vertices = try zone.verticesJSON()
        try await query(
            "insert no-fly zone \(zone.id)",
            """
            INSERT INTO no_fly_zones (id, name, vertices, floor_m, ceiling_m, starts_at, ends_at, created_at)
            VALUES (\(zone.id), \(zone.name), \(vertices), \(zone.floorM), \(zone.ceilingM), \(zone.startsAt?.timeIntervalSince1970), \(zone.endsAt?.timeIntervalSince1970), \(Date().timeIntervalSince1970))
            """)
    }

    package func noFlyZones() async throws(StoreError) -> [NoFlyZone] {
        try await query("list no-fly zones", "SELECT * FROM no_fly_zones ORDER BY COALESCE(starts_at, 0), id")
            .map { row throws(StoreError) in try NoFlyZone(row: row) }
    }

    @discardableResult
    package func deleteNoFlyZone(id: String) async throws(StoreError) -> Bool {
        let rows = try await query(
            "delete no-fly zone \(id)", "DELETE FROM no_fly_zones WHERE id = \(id) RETURNING id")
        return !rows.isEmpty
    }
}
