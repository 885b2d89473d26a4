import Foundation

/// Where deliveries may be booked: a union of polygons (outer rings), loaded from GeoJSON.
/// An empty area means "everywhere" (no area configured).
public struct ServiceArea: Sendable, Hashable {
    /// Closed or open rings of vertices; the closing vertex is optional.
    public var polygons: [[Coordinate]]

    public static let unrestricted = ServiceArea(polygons: [])

    public init(polygons: [[Coordinate]]) {
        self.polygons = polygons
    }

    /// Even-odd ray casting in lat/lon: exact enough for city-sized areas away from the antimeridian.
    public func contains(_ point: Coordinate) -> Bool {
        if polygons.isEmpty { return true }
        return polygons.contains { ring in
            var inside = false
            var j = ring.count - 1
            for i in ring.indices {
                let a = ring[i], b = ring[j]
                if (a.lat > point.lat) != (b.lat > point.lat),
                   point.lon < (b.lon - a.lon) * (point.lat - a.lat) / (b.lat - a.lat) + a.lon {
                    inside.toggle()
                }
                j = i
            }
            return inside
        }
    }
}
