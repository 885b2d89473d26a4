import Foundation

/// Flat-earth projection around a home point, as PX4's map projection does for short ranges.
///
/// Delivery legs are a few kilometres, where the equirectangular error stays below a metre.
public struct LocalProjection: Sendable, Hashable {
    public static let earthRadius = 6_371_008.8
    public let origin: SimGeoPoint
    private let metresPerDegreeLatitude: Double
    private let metresPerDegreeLongitude: Double

    public init(origin: SimGeoPoint) {
        self.origin = origin
        metresPerDegreeLatitude = Self.earthRadius * .pi / 180
        metresPerDegreeLongitude = metresPerDegreeLatitude * cos(origin.latitude * .pi / 180)
    }

    /// The geographic position of a local offset (down is negative altitude).
    public func geo(_ p: NED) -> SimGeoPoint {
        SimGeoPoint(
            latitude: origin.latitude + p.north / metresPerDegreeLatitude,
            longitude: origin.longitude + p.east / metresPerDegreeLongitude,
            altitude: origin.altitude - p.down
        )
    }

    /// The local offset of a geographic position.
    public func local(_ g: SimGeoPoint) -> NED {
        NED(
            north: (g.latitude - origin.latitude) * metresPerDegreeLatitude,
            east: (g.longitude - origin.longitude) * metresPerDegreeLongitude,
            down: origin.altitude - g.altitude
        )
    }
}
