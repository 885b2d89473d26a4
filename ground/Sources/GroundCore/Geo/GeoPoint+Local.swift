import FleetProtocol
import Foundation

/// Local-plane helpers the scheduler, the ETA and request validation need on top of FleetProtocol's
/// spherical ones (equirectangular approximation: fine at city scale).
extension GeoPoint {
    /// Local east/north offset in metres of `other` from `self`.
    package func offset(to other: GeoPoint) -> (east: Double, north: Double) {
        let north = (other.lat - lat) * .pi / 180 * Self.earthRadiusM
        let east = (other.lon - lon) * .pi / 180 * Self.earthRadiusM * cos(lat * .pi / 180)
        return (east, north)
    }

    /// The point `east`/`north` metres away.
    package func moved(east: Double, north: Double) -> GeoPoint {
        GeoPoint(
            lat: lat + north / Self.earthRadiusM * 180 / .pi,
            lon: lon + east / (Self.earthRadiusM * cos(lat * .pi / 180)) * 180 / .pi
        )
    }
}
