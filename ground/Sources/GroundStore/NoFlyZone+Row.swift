import FleetProtocol
import Foundation
import GroundCore

extension NoFlyZone {
    /// Builds an operator zone from a `no_fly_zones` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        let id = try row.text("id")
        let vertices: [GeoPoint]
        let polygon: Geofence
        do {
            vertices = try JSONDecoder().decode([GeoPoint].self, from: Data(try row.text("vertices").utf8))
            polygon = try Geofence(vertices: vertices)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.corruptRow, operation: "decode no-fly zone \(id) vertices", cause: error)
        }
        self.init(
            id: id, name: try row.optionalText("name"), polygon: polygon, floorM: try row.optionalDouble("floor_m"),
            ceilingM: try row.optionalDouble("ceiling_m"),
            startsAt: try row.optionalDouble("starts_at").map(Date.init(timeIntervalSince1970:)),
            endsAt: try row.optionalDouble("ends_at").map(Date.init(timeIntervalSince1970:)), origin: .temporary)
    }

    /// The vertices column: a JSON array of `{lat, lon}`.
    func verticesJSON() throws(StoreError) -> String {
        do { return String(decoding: try JSONEncoder().encode(polygon.vertices), as: UTF8.self) } catch {
            throw StoreError(.corruptRow, operation: "encode no-fly zone \(id) vertices", cause: error)
        }
    }
}
