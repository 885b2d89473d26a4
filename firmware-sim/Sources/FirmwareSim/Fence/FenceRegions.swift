import MAVLink

/// The stored fence items as areas in the vehicle's local frame (metres north and east of home).
///
/// A polygon is `param1` consecutive vertex items of one command; a circle is one item with its radius
/// in `param1`; a return point is not an area. Items were validated on upload, so a malformed run
/// here (a short polygon) is skipped rather than trusted.
struct FenceRegions: Sendable, Equatable {
    struct Polygon: Sendable, Equatable {
        /// Index of the polygon among the fence's areas (its first item's seq), for status texts.
        var firstSeq: Int
        var vertices: [NED]
    }

    struct Circle: Sendable, Equatable {
        var seq: Int
        var center: NED
        var radius: Double
    }

    var inclusionPolygons: [Polygon] = []
    var exclusionPolygons: [Polygon] = []
    var inclusionCircles: [Circle] = []
    var exclusionCircles: [Circle] = []

    var isEmpty: Bool {
        inclusionPolygons.isEmpty && exclusionPolygons.isEmpty && inclusionCircles.isEmpty
            && exclusionCircles.isEmpty
    }

    var hasInclusion: Bool { !inclusionPolygons.isEmpty || !inclusionCircles.isEmpty }

    init() {}

    init(_ plan: MissionPlan, projection: LocalProjection) {
        let items = plan.items
        func local(_ item: MissionItemInt) -> NED {
            projection.local(
                SimGeoPoint(latitude: Double(item.x) / 1e7, longitude: Double(item.y) / 1e7, altitude: 0))
        }
        var i = 0
        while i < items.count {
            let item = items[i]
            switch item.command {
            case .navFencePolygonVertexInclusion, .navFencePolygonVertexExclusion:
                let count = max(1, Int((item.param1 + 0.5).rounded(.down)))
                let end = min(items.count, i + count)
                let run = items[i..<end].filter { $0.command == item.command }
                if run.count == count && count >= 3 {
                    let polygon = Polygon(firstSeq: i, vertices: run.map(local))
                    if item.command == .navFencePolygonVertexInclusion {
                        inclusionPolygons.append(polygon)
                    } else {
                        exclusionPolygons.append(polygon)
                    }
                }
                i = end
            case .navFenceCircleInclusion:
                inclusionCircles.append(Circle(seq: i, center: local(item), radius: Double(item.param1)))
                i += 1
            case .navFenceCircleExclusion:
                exclusionCircles.append(Circle(seq: i, center: local(item), radius: Double(item.param1)))
                i += 1
            default:
                i += 1
            }
        }
    }

    /// Whether `p` breaches the areas. `allInclusions`: ArduPilot (AC_PolyFence_loader::breached) wants
    /// the vehicle inside every inclusion area; PX4 (Geofence::isInsidePolygonOrCircle) inside any one.
    func breached(at p: NED, allInclusions: Bool) -> Bool {
        if exclusionPolygons.contains(where: { Self.contains($0.vertices, p) }) { return true }
        if exclusionCircles.contains(where: { Self.distance(p, $0.center) <= $0.radius }) { return true }
        guard hasInclusion else { return false }
        let inside =
            inclusionPolygons.map { Self.contains($0.vertices, p) }
            + inclusionCircles.map { Self.distance(p, $0.center) <= $0.radius }
        return allInclusions ? inside.contains(false) : !inside.contains(true)
    }

    /// How far past the nearest fence boundary `p` is, metres (0 when not breached): ArduPilot's
    /// `get_breach_distance`, which decides between RTL and LAND.
    func breachDistance(at p: NED) -> Double {
        var distances: [Double] = []
        for polygon in inclusionPolygons + exclusionPolygons {
            distances.append(Self.distanceToBoundary(polygon.vertices, p))
        }
        for circle in inclusionCircles + exclusionCircles {
            distances.append(abs(Self.distance(p, circle.center) - circle.radius))
        }
        return distances.min() ?? 0
    }

    // MARK: planar geometry in metres

    static func distance(_ a: NED, _ b: NED) -> Double {
        ((a.north - b.north) * (a.north - b.north) + (a.east - b.east) * (a.east - b.east)).squareRoot()
    }

    /// Even-odd ray cast (x = east, y = north).
    static func contains(_ vertices: [NED], _ p: NED) -> Bool {
        var inside = false
        var j = vertices.count - 1
        for i in vertices.indices {
            let a = vertices[i], b = vertices[j]
            if (a.north > p.north) != (b.north > p.north) {
                let crossEast = a.east + (p.north - a.north) * (b.east - a.east) / (b.north - a.north)
                if p.east < crossEast { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    static func distanceToBoundary(_ vertices: [NED], _ p: NED) -> Double {
        var best = Double.infinity
        var j = vertices.count - 1
        for i in vertices.indices {
            best = min(best, distanceToSegment(p, vertices[j], vertices[i]))
            j = i
        }
        return best
    }

    static func distanceToSegment(_ p: NED, _ a: NED, _ b: NED) -> Double {
        let dn = b.north - a.north, de = b.east - a.east
        let length2 = dn * dn + de * de
        guard length2 > 0 else { return distance(p, a) }
        let t = max(0, min(1, ((p.north - a.north) * dn + (p.east - a.east) * de) / length2))
        return distance(p, NED(north: a.north + t * dn, east: a.east + t * de))
    }
}
