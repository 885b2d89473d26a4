import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func insertNoFlyZone(_ zone: NoFlyZone) async throws(StoreError) {
        let vertices = try zone.verticesJSON()
        try await write("insert no-fly zone \(zone.id)") { db in
            try db.execute(
                sql: """
                    INSERT INTO no_fly_zones (id, name, vertices, floor_m, ceiling_m, starts_at, ends_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    zone.id, zone.name, vertices, zone.floorM, zone.ceilingM, zone.startsAt?.timeIntervalSince1970,
                    zone.endsAt?.timeIntervalSince1970, Date().timeIntervalSince1970,
                ]
            )
        }
    }

    package func noFlyZones() async throws(StoreError) -> [NoFlyZone] {
        try await read("list no-fly zones") { db in
            try Self.fetchAll(db, sql: "SELECT * FROM no_fly_zones ORDER BY COALESCE(starts_at, 0), id") { row in
                try NoFlyZone(row: row)
            }
        }
    }

    @discardableResult
    package func deleteNoFlyZone(id: String) async throws(StoreError) -> Bool {
        try await write("delete no-fly zone \(id)") { db in
            try db.execute(sql: "DELETE FROM no_fly_zones WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
