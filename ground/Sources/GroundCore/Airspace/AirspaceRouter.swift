import FleetProtocol
import Foundation

/// Shortest paths around no-fly zones, inside the service area.
///
/// A visibility graph in a local metric plane: the nodes sit on small arcs around every convex corner
/// of each zone (and every inward corner of the service-area boundary), `bufferM` away from it, so that
/// the straight edges between them keep the buffer; an edge exists when the segment stays inside the
/// area and `bufferM` away from every zone. A query adds its two ends and runs Dijkstra. The graph
/// between corners is built once per router (one per scheduling round and cruise altitude), so a
/// query costs the visibility of its two ends, and a leg with a clear straight line costs one check.
package struct AirspaceRouter: Sendable {
    /// Default horizontal distance kept from every zone, metres (GPS error, wind drift, braking).
    package static let defaultBufferM = 30.0

    struct Zone: Sendable {
        var id: String
        var ring: [PlanarPoint]
    }

    /// One service-area polygon (or the unrestricted plane) with the graph of its corner nodes.
    struct Area: Sendable {
        var index: Int?
        var boundary: [PlanarPoint]?
        var nodes: [PlanarPoint]
        var edges: [[(node: Int, length: Double)]]
    }

    package let serviceArea: ServiceArea
    package let zones: [NoFlyZone]
    package let bufferM: Double
    let projection: LocalProjection
    let planarZones: [Zone]
    let areas: [Area]

    /// `zones` are the ones that apply (active now, in the altitude band flown).
    package init(serviceArea: ServiceArea, zones: [NoFlyZone], bufferM: Double = defaultBufferM) {
        self.serviceArea = serviceArea
        self.zones = zones
        self.bufferM = bufferM
        let origin = serviceArea.polygons.first?.vertices.first ?? zones.first?.polygon.vertices.first
        let projection = LocalProjection(origin: origin ?? GeoPoint(lat: 0, lon: 0))
        self.projection = projection
        let planarZones = zones.map {
            Zone(id: $0.id, ring: Self.counterClockwise($0.polygon.vertices.map(projection.project)))
        }
        self.planarZones = planarZones
        if serviceArea.polygons.isEmpty {
            areas = [Self.area(index: nil, boundary: nil, zones: planarZones, bufferM: bufferM)]
        } else {
            areas = serviceArea.polygons.enumerated().map { index, polygon in
                Self.area(
                    index: index, boundary: Self.counterClockwise(polygon.vertices.map(projection.project)),
                    zones: planarZones, bufferM: bufferM)
            }
        }
    }

    /// The zone `point` lies in, if any.
    package func zone(containing point: GeoPoint) -> String? {
        let p = projection.project(point)
        return planarZones.first { Planar.contains($0.ring, p) }?.id
    }

    /// The intermediate waypoints of the shortest safe path from `start` to `end` (empty: fly straight).
    package func path(from start: GeoPoint, to end: GeoPoint) -> Result<[GeoPoint], RoutingFailure> {
        let a = projection.project(start), b = projection.project(end)
        if let zone = planarZones.first(where: { Planar.contains($0.ring, a) }) {
            return .failure(.startInZone(zone.id))
        }
        if let zone = planarZones.first(where: { Planar.contains($0.ring, b) }) { return .failure(.endInZone(zone.id)) }
        let candidates = areas.filter { area in
            area.boundary.map { Planar.contains($0, a) && Planar.contains($0, b) } ?? true
        }
        guard !candidates.isEmpty else { return .failure(.outsideServiceArea) }
        var best: (length: Double, path: [PlanarPoint])?
        for area in candidates {
            guard let found = shortest(in: area, from: a, to: b) else { continue }
            if best == nil || found.length < best!.length { best = found }
        }
        guard let best else { return .failure(.noPath) }
        return .success(best.path.map(projection.unproject))
    }

    /// The id of the first zone that `polyline` enters or passes closer than `marginM` to; nil when clear.
    package func firstZone(crossedBy polyline: [GeoPoint], marginM: Double = 0) -> String? {
        let points = polyline.map(projection.project)
        for (a, b) in zip(points, points.dropFirst()) {
            for zone in planarZones where Planar.segmentPolygonDistance(a, b, zone.ring) <= marginM {
                return zone.id
            }
        }
        if points.count == 1, let zone = planarZones.first(where: { Planar.contains($0.ring, points[0]) }) {
            return zone.id
        }
        return nil
    }

    /// The service-area polygon a route through `point` is fenced in (the autopilot's inclusion fence).
    package func inclusion(for point: GeoPoint) -> Geofence? {
        serviceArea.polygons.first { $0.contains(point) }
    }

    // MARK: search

    private func shortest(in area: Area, from a: PlanarPoint, to b: PlanarPoint) -> (
        length: Double, path: [PlanarPoint]
    )? {
        // Near a zone the end itself may be closer than the buffer: its own segments need only keep
        // the distance the end already has.
        let fromA = planarZones.map { min(bufferM, Planar.pointPolygonDistance(a, $0.ring)) }
        let fromB = planarZones.map { min(bufferM, Planar.pointPolygonDistance(b, $0.ring)) }
        if Self.clear(
            a, b, boundary: area.boundary, zones: planarZones, required: zip(fromA, fromB).map { min($0, $1) })
        {
            return (a.distance(to: b), [])
        }
        let n = area.nodes.count
        let source = n, target = n + 1
        var distance = [Double](repeating: .infinity, count: n + 2)
        var previous = [Int](repeating: -1, count: n + 2)
        var done = [Bool](repeating: false, count: n + 2)
        distance[source] = 0
        // Ends' visibility, computed on demand.
        var toTarget = [Double?](repeating: nil, count: n)
        func targetLength(_ node: Int) -> Double {
            if let known = toTarget[node] { return known }
            let p = area.nodes[node]
            let length =
                Self.clear(p, b, boundary: area.boundary, zones: planarZones, required: fromB)
                ? p.distance(to: b) : .infinity
            toTarget[node] = length
            return length
        }
        while true {
            var current = -1
            var best = Double.infinity
            for i in 0..<(n + 2) where !done[i] && distance[i] < best {
                best = distance[i]
                current = i
            }
            guard current >= 0 else { return nil }
            if current == target { break }
            done[current] = true
            if current == source {
                for node in 0..<n {
                    let p = area.nodes[node]
                    guard Self.clear(a, p, boundary: area.boundary, zones: planarZones, required: fromA) else {
                        continue
                    }
                    let candidate = a.distance(to: p)
                    if candidate < distance[node] {
                        distance[node] = candidate
                        previous[node] = source
                    }
                }
                continue
            }
            for edge in area.edges[current] where !done[edge.node] {
                let candidate = best + edge.length
                if candidate < distance[edge.node] {
                    distance[edge.node] = candidate
                    previous[edge.node] = current
                }
            }
            let end = best + targetLength(current)
            if end < distance[target] {
                distance[target] = end
                previous[target] = current
            }
        }
        var path: [PlanarPoint] = []
        var step = previous[target]
        while step >= 0, step != source {
            path.append(area.nodes[step])
            step = previous[step]
        }
        return (distance[target], path.reversed())
    }

    /// Whether the segment stays inside `boundary` and at least `required[i]` (less a millimetre of
    /// rounding) from zone i.
    static func clear(
        _ a: PlanarPoint, _ b: PlanarPoint, boundary: [PlanarPoint]?, zones: [Zone], required: [Double]
    ) -> Bool {
        if let boundary, !Planar.segmentInside(a, b, boundary) { return false }
        for (zone, minimum) in zip(zones, required) {
            let needed = max(minimum - 0.001, 0)
            let distance = Planar.segmentPolygonDistance(a, b, zone.ring)
            if needed == 0 ? distance <= 0 : distance < needed { return false }
        }
        return true
    }

    // MARK: graph

    static func counterClockwise(_ ring: [PlanarPoint]) -> [PlanarPoint] {
        Planar.signedArea(ring) < 0 ? ring.reversed() : ring
    }

    static func area(index: Int?, boundary: [PlanarPoint]?, zones: [Zone], bufferM: Double) -> Area {
        var nodes: [PlanarPoint] = []
        for zone in zones { nodes += cornerNodes(zone.ring, outside: true, bufferM: bufferM) }
        if let boundary { nodes += cornerNodes(boundary, outside: false, bufferM: bufferM) }
        let everywhere = [Double](repeating: bufferM, count: zones.count)
        nodes = nodes.filter { node in
            if let boundary, !Planar.contains(boundary, node) { return false }
            return zones.allSatisfy { Planar.pointPolygonDistance(node, $0.ring) >= bufferM - 0.001 }
        }
        var edges = [[(node: Int, length: Double)]](repeating: [], count: nodes.count)
        for i in nodes.indices {
            for j in (i + 1)..<nodes.count
            where clear(nodes[i], nodes[j], boundary: boundary, zones: zones, required: everywhere) {
                let length = nodes[i].distance(to: nodes[j])
                edges[i].append((j, length))
                edges[j].append((i, length))
            }
        }
        return Area(index: index, boundary: boundary, nodes: nodes, edges: edges)
    }

    /// Nodes on an arc around each corner that sticks into the free space: convex corners of a zone
    /// (`outside`: the free space is outside the ring) or inward corners of the boundary. The arc's
    /// radius is chosen so that chords between neighbouring nodes still keep `bufferM` from the corner.
    static func cornerNodes(_ ring: [PlanarPoint], outside: Bool, bufferM: Double) -> [PlanarPoint] {
        let maxStep = Double.pi / 6
        var result: [PlanarPoint] = []
        let n = ring.count
        for i in 0..<n {
            let p = ring[(i + n - 1) % n], v = ring[i], q = ring[(i + 1) % n]
            let turn = Planar.cross(p, v, q)
            // Counter-clockwise ring: a left turn is a convex corner.
            guard outside ? turn > Planar.epsilon : turn < -Planar.epsilon else { continue }
            let e1 = v - p, e2 = q - v
            guard e1.length > 0, e2.length > 0 else { continue }
            // Normals pointing into the free space: right of the edges outside a CCW ring, left inside.
            let sign = outside ? 1.0 : -1.0
            let a1 = atan2(-e1.x * sign, e1.y * sign)
            let a2 = atan2(-e2.x * sign, e2.y * sign)
            var sweep = a2 - a1
            while sweep > .pi { sweep -= 2 * .pi }
            while sweep <= -.pi { sweep += 2 * .pi }
            let steps = max(1, Int((abs(sweep) / maxStep).rounded(.up)))
            let step = sweep / Double(steps)
            let radius = bufferM / cos(abs(step) / 2) * 1.02 + 0.5
            for k in 0...steps {
                let angle = a1 + step * Double(k)
                result.append(v + PlanarPoint(x: cos(angle), y: sin(angle)) * radius)
            }
        }
        return result
    }
}
