/// A simple (non self-intersecting, possibly concave) polygon of WGS84 vertices.
///
/// Tests are planar in degrees, which is exact enough for a city-sized service area that does not
/// cross the antimeridian or a pole. Points on the boundary count as inside.
public struct Geofence: Codable, Hashable, Sendable {
    /// Vertices in order (either winding); the closing edge back to the first vertex is implicit.
    public var vertices: [GeoPoint]

    /// Throws ``ProtocolError/invalidValue(path:reason:)`` if fewer than 3 vertices or any is out of range.
    public init(vertices: [GeoPoint]) throws(ProtocolError) {
        guard vertices.count >= 3 else {
            throw .invalidValue(path: "vertices", reason: "a geofence needs at least 3 vertices")
        }
        for (index, vertex) in vertices.enumerated() { try vertex.validate(at: "vertices[\(index)]") }
        self.vertices = vertices
    }

    /// Decoding applies the same checks as ``init(vertices:)``, naming the bad vertex by its coding path.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let vertices = try container.decode([GeoPoint].self, forKey: .vertices)
        do {
            try self.init(vertices: vertices)
        } catch let .invalidValue(path, reason) {
            let prefix = decoder.codingPath.isEmpty ? "" : CodingPath.render(decoder.codingPath)
            throw ProtocolError.invalidValue(path: CodingPath.join(prefix, path), reason: reason)
        }
    }

    /// Whether `point` lies inside or on the boundary.
    public func contains(_ point: GeoPoint) -> Bool {
        var inside = false
        var j = vertices.count - 1
        for i in vertices.indices {
            let a = vertices[i], b = vertices[j]
            if Self.onSegment(point, a, b) { return true }
            // Even-odd ray cast towards +lon.
            if (a.lat > point.lat) != (b.lat > point.lat) {
                let crossLon = a.lon + (point.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat)
                if point.lon < crossLon { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    /// Whether the whole straight leg from `a` to `b` stays inside: both ends inside, the leg crosses no
    /// edge, and (for legs that touch the boundary at vertices of a concave fence) its midpoints stay inside.
    public func containsSegment(_ a: GeoPoint, _ b: GeoPoint) -> Bool {
        guard contains(a), contains(b) else { return false }
        var j = vertices.count - 1
        for i in vertices.indices {
            if Self.properlyIntersect(a, b, vertices[j], vertices[i]) { return false }
            j = i
        }
        // A leg can leave through a vertex without properly crossing an edge; sample between the
        // boundary touch points to catch that.
        var cuts: [Double] = [0, 1]
        for vertex in vertices where Self.onSegment(vertex, a, b) {
            cuts.append(Self.parameter(of: vertex, on: a, b))
        }
        cuts.sort()
        for (lo, hi) in zip(cuts, cuts.dropFirst()) where hi - lo > 1e-12 {
            let t = (lo + hi) / 2
            let mid = GeoPoint(lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t)
            if !contains(mid) { return false }
        }
        return true
    }

    // MARK: planar helpers (x = lon, y = lat)

    private static func cross(_ o: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Double {
        (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon)
    }

    private static let epsilon = 1e-12

    private static func onSegment(_ p: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Bool {
        abs(cross(a, b, p)) <= epsilon
            && p.lon >= min(a.lon, b.lon) - epsilon && p.lon <= max(a.lon, b.lon) + epsilon
            && p.lat >= min(a.lat, b.lat) - epsilon && p.lat <= max(a.lat, b.lat) + epsilon
    }

    private static func properlyIntersect(_ p1: GeoPoint, _ p2: GeoPoint, _ q1: GeoPoint, _ q2: GeoPoint) -> Bool {
        let d1 = cross(q1, q2, p1), d2 = cross(q1, q2, p2)
        let d3 = cross(p1, p2, q1), d4 = cross(p1, p2, q2)
        return ((d1 > epsilon && d2 < -epsilon) || (d1 < -epsilon && d2 > epsilon))
            && ((d3 > epsilon && d4 < -epsilon) || (d3 < -epsilon && d4 > epsilon))
    }

    private static func parameter(of p: GeoPoint, on a: GeoPoint, _ b: GeoPoint) -> Double {
        let dx = b.lon - a.lon, dy = b.lat - a.lat
        let length2 = dx * dx + dy * dy
        guard length2 > 0 else { return 0 }
        return ((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / length2
    }
}
