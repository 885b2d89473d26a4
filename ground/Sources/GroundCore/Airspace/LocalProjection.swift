import FleetProtocol

/// Equirectangular projection around one origin: exact enough at city scale for routing, where
/// distances and clearances must be in metres rather than degrees.
package struct LocalProjection: Sendable, Hashable {
    package let origin: GeoPoint

    package init(origin: GeoPoint) {
        self.origin = origin
    }

    package func project(_ point: GeoPoint) -> PlanarPoint {
        let offset = origin.offset(to: point)
        return PlanarPoint(x: offset.east, y: offset.north)
    }

    package func unproject(_ point: PlanarPoint) -> GeoPoint {
        origin.moved(east: point.x, north: point.y)
    }
}
