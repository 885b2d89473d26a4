import FleetProtocol
import Foundation
import GroundCore

extension WeatherHold {
    /// Builds a hold from a `weather_holds` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        let id = try row.text("id")
        var area: Geofence?
        if let text = try row.optionalText("area") {
            do { area = try Geofence(vertices: JSONDecoder().decode([GeoPoint].self, from: Data(text.utf8))) } catch {
                throw StoreError(.corruptRow, operation: "decode weather hold \(id) area", cause: error)
            }
        }
        self.init(
            id: id, area: area, maxWindMps: try row.optionalDouble("max_wind_mps"),
            maxGustMps: try row.optionalDouble("max_gust_mps"),
            until: try row.optionalDouble("ends_at").map(Date.init(timeIntervalSince1970:)))
    }

    /// The area column: a JSON array of `{lat, lon}`, or nil for the whole service area.
    func areaJSON() throws(StoreError) -> String? {
        guard let area else { return nil }
        do { return String(decoding: try JSONEncoder().encode(area.vertices), as: UTF8.self) } catch {
            throw StoreError(.corruptRow, operation: "encode weather hold \(id) area", cause: error)
        }
    }
}
