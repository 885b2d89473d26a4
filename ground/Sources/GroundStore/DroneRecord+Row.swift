import FleetProtocol
import Foundation
import GroundCore

extension DroneRecord {
    /// Builds a drone from a `drones` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        var home: GeoPoint?
        if let lat = try row.optionalDouble("home_lat"), let lon = try row.optionalDouble("home_lon") {
            home = GeoPoint(lat: lat, lon: lon)
        }
        self.init(
            id: try row.text("id"), lastState: try row.optionalText("last_state"),
            capabilities: try row.optionalText("capabilities"), home: home,
            lastSeen: try row.optionalDouble("last_seen").map(Date.init(timeIntervalSince1970:)),
            online: try row.bool("online")
        )
    }

    /// The `drones` columns in the order of the upsert statements.
    var columnValues: [StoreValue] {
        [
            .text(id), .text(lastState), .text(capabilities), .double(home?.lat), .double(home?.lon),
            .double(lastSeen?.timeIntervalSince1970), .bool(online),
        ]
    }
}
