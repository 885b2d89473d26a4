/// Planar geometry on ``PlanarPoint`` rings and segments, in metres.
enum Planar {
    static let epsilon = 1e-9

    /// z of (a − o) × (b − o): > 0 when o→a→b turns left.
    static func cross(_ o: PlanarPoint, _ a: PlanarPoint, _ b: PlanarPoint) -> Double {
        (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
    }

    /// Twice the signed area; > 0 for a counter-clockwise ring.
    static func signedArea(_ ring: [PlanarPoint]) -> Double {
        var sum = 0.0
        for i in ring.indices {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            sum += a.x * b.y - b.x * a.y
        }
        return sum
    }

    /// Even-odd containment; points on an edge count as inside.
    static func contains(_ ring: [PlanarPoint], _ p: PlanarPoint) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in ring.indices {
            let a = ring[i], b = ring[j]
            if pointSegmentDistance(p, a, b) <= 1e-7 { return true }
            if (a.y > p.y) != (b.y > p.y) {
                let crossX = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)
                if p.x < crossX { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    static func pointSegmentDistance(_ p: PlanarPoint, _ a: PlanarPoint, _ b: PlanarPoint) -> Double {
        let d = b - a
        let length2 = d.x * d.x + d.y * d.y
        guard length2 > 0 else { return p.distance(to: a) }
        let t = min(max(((p.x - a.x) * d.x + (p.y - a.y) * d.y) / length2, 0), 1)
        return p.distance(to: a + d * t)
    }

    /// Whether the closed segments share a point (touching and collinear overlap included).
    static func segmentsIntersect(_ p1: PlanarPoint, _ p2: PlanarPoint, _ q1: PlanarPoint, _ q2: PlanarPoint) -> Bool {
        let d1 = cross(q1, q2, p1), d2 = cross(q1, q2, p2)
        let d3 = cross(p1, p2, q1), d4 = cross(p1, p2, q2)
        if ((d1 > epsilon && d2 < -epsilon) || (d1 < -epsilon && d2 > epsilon))
            && ((d3 > epsilon && d4 < -epsilon) || (d3 < -epsilon && d4 > epsilon))
        {
            return true
        }
        return pointSegmentDistance(p1, q1, q2) <= 1e-7 || pointSegmentDistance(p2, q1, q2) <= 1e-7
            || pointSegmentDistance(q1, p1, p2) <= 1e-7 || pointSegmentDistance(q2, p1, p2) <= 1e-7
    }

    /// Whether the segments cross at one point interior to both.
    static func properlyIntersect(_ p1: PlanarPoint, _ p2: PlanarPoint, _ q1: PlanarPoint, _ q2: PlanarPoint) -> Bool {
        let d1 = cross(q1, q2, p1), d2 = cross(q1, q2, p2)
        let d3 = cross(p1, p2, q1), d4 = cross(p1, p2, q2)
        return ((d1 > epsilon && d2 < -epsilon) || (d1 < -epsilon && d2 > epsilon))
            && ((d3 > epsilon && d4 < -epsilon) || (d3 < -epsilon && d4 > epsilon))
    }

    static func segmentDistance(_ a: PlanarPoint, _ b: PlanarPoint, _ c: PlanarPoint, _ d: PlanarPoint) -> Double {
        if segmentsIntersect(a, b, c, d) { return 0 }
        return min(
            pointSegmentDistance(a, c, d), pointSegmentDistance(b, c, d), pointSegmentDistance(c, a, b),
            pointSegmentDistance(d, a, b))
    }

    /// Distance from the segment to the filled polygon: 0 when it enters or touches it.
    static func segmentPolygonDistance(_ a: PlanarPoint, _ b: PlanarPoint, _ ring: [PlanarPoint]) -> Double {
        if contains(ring, a) || contains(ring, b) { return 0 }
        var best = Double.infinity
        for i in ring.indices {
            best = min(best, segmentDistance(a, b, ring[i], ring[(i + 1) % ring.count]))
            if best == 0 { return 0 }
        }
        return best
    }

    /// Distance from a point to the filled polygon (0 inside).
    static func pointPolygonDistance(_ p: PlanarPoint, _ ring: [PlanarPoint]) -> Double {
        if contains(ring, p) { return 0 }
        var best = Double.infinity
        for i in ring.indices { best = min(best, pointSegmentDistance(p, ring[i], ring[(i + 1) % ring.count])) }
        return best
    }

    /// Whether the segment stays inside the polygon: both ends inside, no edge crossed, and its middle inside
    /// (a chord of a concave ring can leave through two vertices without crossing an edge).
    static func segmentInside(_ a: PlanarPoint, _ b: PlanarPoint, _ ring: [PlanarPoint]) -> Bool {
        guard contains(ring, a), contains(ring, b) else { return false }
        for i in ring.indices where properlyIntersect(a, b, ring[i], ring[(i + 1) % ring.count]) { return false }
        for vertex in ring where pointSegmentDistance(vertex, a, b) <= 1e-7 {
            // Touching a vertex: check both sides of the touch point.
            let d = b - a
            let length2 = d.x * d.x + d.y * d.y
            guard length2 > 0 else { continue }
            let t = ((vertex.x - a.x) * d.x + (vertex.y - a.y) * d.y) / length2
            for s in [t / 2, (t + 1) / 2] where !contains(ring, a + d * s) { return false }
        }
        return contains(ring, a + (b - a) * 0.5)
    }

    /// The first pair of edges (by index) that cross or overlap, other than neighbours meeting at their
    /// shared vertex; nil for a simple ring.
    static func selfIntersection(_ ring: [PlanarPoint]) -> (Int, Int)? {
        let n = ring.count
        for i in 0..<n {
            let a1 = ring[i], a2 = ring[(i + 1) % n]
            if a1.distance(to: a2) <= 1e-7 { return (i, i) }
            for j in (i + 1)..<n {
                let b1 = ring[j], b2 = ring[(j + 1) % n]
                let adjacent = j == i + 1 || (i == 0 && j == n - 1)
                if adjacent {
                    // Neighbours share one vertex; they overlap only when they fold back onto each other.
                    let shared = j == i + 1 ? a2 : a1
                    let other1 = j == i + 1 ? a1 : a2
                    let other2 = j == i + 1 ? b2 : b1
                    if abs(cross(shared, other1, other2)) <= epsilon * max(1, other1.distance(to: other2)),
                        (other1 - shared).x * (other2 - shared).x + (other1 - shared).y * (other2 - shared).y > 0
                    {
                        return (i, j)
                    }
                    continue
                }
                if segmentsIntersect(a1, a2, b1, b2) { return (i, j) }
            }
        }
        return nil
    }
}
