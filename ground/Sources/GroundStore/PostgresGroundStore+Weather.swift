import Foundation
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func insertWeatherHold(_ hold: WeatherHold) async throws(StoreError) {
        let area = try hold.areaJSON()
        try await query(
            "insert weather hold \(hold.id)",
            """
            INSERT INTO weather_holds (id, area, max_wind_mps, max_gust_mps, ends_at, created_at)
            VALUES (\(hold.id), \(area), \(hold.maxWindMps), \(hold.maxGustMps), \(hold.until?.timeIntervalSince1970), \(Date().timeIntervalSince1970))
            """)
    }

    package func weatherHolds() async throws(StoreError) -> [WeatherHold] {
        try await query("list weather holds", "SELECT * FROM weather_holds ORDER BY id")
            .map { row throws(StoreError) in try WeatherHold(row: row) }
    }

    @discardableResult
    package func deleteWeatherHold(id: String) async throws(StoreError) -> Bool {
        let rows = try await query(
            "delete weather hold \(id)", "DELETE FROM weather_holds WHERE id = \(id) RETURNING id")
        return !rows.isEmpty
    }
}
