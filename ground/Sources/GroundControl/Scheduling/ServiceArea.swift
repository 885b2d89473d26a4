/// A polygonal geofence: every point of every flight leg must be inside it.
///
/// Interim stand-in for FleetProtocol's `Geofence` (see ``Coordinate``). A leg is accepted when
/// both ends are inside and the straight segment crosses no polygon edge, which is exact for
/// the planar approximation at city scale.
public struct ServiceArea: Sendable, Hashable, Codable {
    /// Polygon vertices in order (closing edge implied).
    public var vertices: [Coordinate]

    public init(vertices: [Coordinate]) { self.vertices = vertices }

    /// Ray casting in lon/lat space.
    public func contains(_ point: Coordinate) -> Bool {
        guard vertices.count >= 3 else { return false }
        var inside = false
        var j = vertices.count - 1
        for i in vertices.indices {
            let a = vertices[i], b = vertices[j]
            if (a.latitude > point.latitude) != (b.latitude > point.latitude) {
                let crossLon = a.longitude + (point.latitude - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude)
                if point.longitude < crossLon { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    /// Whether the straight leg `from`→`to` stays inside the area.
    public func containsLeg(from: Coordinate, to: Coordinate) -> Bool {
        guard contains(from), contains(to) else { return false }
        var j = vertices.count - 1
        for i in vertices.indices {
            if Self.segmentsCross(from, to, vertices[j], vertices[i]) { return false }
            j = i
        }
        return true
    }

    private static func segmentsCross(_ p1: Coordinate, _ p2: Coordinate, _ q1: Coordinate, _ q2: Coordinate) -> Bool {
        func orient(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Double {
            (b.longitude - a.longitude) * (c.latitude - a.latitude) - (b.latitude - a.latitude) * (c.longitude - a.longitude)
        }
        let d1 = orient(q1, q2, p1), d2 = orient(q1, q2, p2)
        let d3 = orient(p1, p2, q1), d4 = orient(p1, p2, q2)
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
    }
}
