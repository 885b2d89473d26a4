import Foundation

/// A WGS-84 horizontal position in degrees.
///
/// Interim stand-in until FleetProtocol's `GeoPoint` lands (feat/protocol had no commit when this
/// was written); convert at the boundary and delete this once the shared type exists.
public struct Coordinate: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    static let earthRadius = 6_371_008.8

    /// Great-circle (haversine) distance in metres.
    public func distance(to other: Coordinate) -> Double {
        let φ1 = latitude * .pi / 180, φ2 = other.latitude * .pi / 180
        let dφ = φ2 - φ1, dλ = (other.longitude - longitude) * .pi / 180
        let h = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
        return 2 * Self.earthRadius * asin(min(1, sqrt(h)))
    }

    /// Local east/north offset in metres of `other` from `self` (equirectangular; fine at city scale).
    public func offset(to other: Coordinate) -> (east: Double, north: Double) {
        let north = (other.latitude - latitude) * .pi / 180 * Self.earthRadius
        let east = (other.longitude - longitude) * .pi / 180 * Self.earthRadius * cos(latitude * .pi / 180)
        return (east, north)
    }

    /// The point `east`/`north` metres away (equirectangular).
    public func moved(east: Double, north: Double) -> Coordinate {
        Coordinate(
            latitude: latitude + north / Self.earthRadius * 180 / .pi,
            longitude: longitude + east / (Self.earthRadius * cos(latitude * .pi / 180)) * 180 / .pi
        )
    }
}
