import FleetProtocol

/// Where a drone is along a routed leg (start → waypoints → end): the live ETA and the planner's view
/// of a busy drone both measure what is left of the path from there.
package enum RoutePolyline {
    /// Index of the segment `points[i] → points[i + 1]` (i ≥ `first`) nearest to `position`; the
    /// earlier one on a tie (at a waypoint both leave the same path ahead).
    package static func nearestSegment(_ position: GeoPoint, _ points: [GeoPoint], from first: Int = 0) -> Int {
        guard points.count > 2 else { return 0 }
        var best = min(max(first, 0), points.count - 2)
        var bestDistance = Double.infinity
        for index in best..<(points.count - 1) {
            let distance = distance(from: position, toSegment: points[index], points[index + 1])
            if distance < bestDistance - 1e-6 {
                best = index
                bestDistance = distance
            }
        }
        return best
    }

    /// Metres from `p` to the segment `a → b` (local plane around `p`).
    package static func distance(from p: GeoPoint, toSegment a: GeoPoint, _ b: GeoPoint) -> Double {
        let u = p.offset(to: a), v = p.offset(to: b)
        let dx = v.east - u.east, dy = v.north - u.north
        let squared = dx * dx + dy * dy
        let t = squared > 0 ? min(max(-(u.east * dx + u.north * dy) / squared, 0), 1) : 0
        let x = u.east + t * dx, y = u.north + t * dy
        return (x * x + y * y).squareRoot()
    }

    /// The points still ahead of `position` on `start → waypoints → end`: the end of the segment it is
    /// nearest to (searching from segment `first`), then the rest.
    package static func ahead(
        of position: GeoPoint, start: GeoPoint, waypoints: [GeoPoint], end: GeoPoint, from first: Int = 0
    ) -> [GeoPoint] {
        let points = [start] + waypoints + [end]
        return Array(points[(nearestSegment(position, points, from: first) + 1)...])
    }

    /// Metres from `position` along what is left of `start → waypoints → end`.
    package static func remainingM(
        from position: GeoPoint, start: GeoPoint, waypoints: [GeoPoint], end: GeoPoint, from first: Int = 0
    ) -> Double {
        let points = [position] + ahead(of: position, start: start, waypoints: waypoints, end: end, from: first)
        return zip(points, points.dropFirst()).reduce(0) { $0 + $1.0.distance(to: $1.1) }
    }
}
