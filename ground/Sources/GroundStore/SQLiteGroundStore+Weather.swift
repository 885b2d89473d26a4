import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func insertWeatherHold(_ hold: WeatherHold) async throws(StoreError) {
        let area = try hold.areaJSON()
        try await write("insert weather hold \(hold.id)") { db in
            try db.execute(
                sql: """
                    INSERT INTO weather_holds (id, area, max_wind_mps, max_gust_mps, ends_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    hold.id, area, hold.maxWindMps, hold.maxGustMps, hold.until?.timeIntervalSince1970,
                    Date().timeIntervalSince1970,
                ]
            )
        }
    }

    package func weatherHolds() async throws(StoreError) -> [WeatherHold] {
        try await read("list weather holds") { db in
            try Self.fetchAll(db, sql: "SELECT * FROM weather_holds ORDER BY id") { row in try WeatherHold(row: row) }
        }
    }

    @discardableResult
    package func deleteWeatherHold(id: String) async throws(StoreError) -> Bool {
        try await write("delete weather hold \(id)") { db in
            try db.execute(sql: "DELETE FROM weather_holds WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
