import FleetProtocol
import Foundation

/// A point with the sines and cosines of half its latitude and half its longitude worked out once,
/// for a cheap haversine between many pairs of points (every pair of a scheduling round):
/// sin((φ₂ − φ₁)/2) = sin(φ₂/2) cos(φ₁/2) − cos(φ₂/2) sin(φ₁/2), the same for λ, and the arcsine by
/// its series, with no libm call per pair.
///
/// The result is not ``HaversinePoint/distance(to:)``'s bits: it is within ``errorBound(_:)`` of it,
/// and a round uses it only where every distance in that interval gives the same verdict and cost
/// (see ``UnladenFlight``), evaluating the pair exactly otherwise.
struct HalfAnglePoint {
    let sinHalfPhi: Double, cosHalfPhi: Double
    let sinHalfLambda: Double, cosHalfLambda: Double
    let cosPhi: Double

    init(_ point: HaversinePoint) {
        let halfPhi = point.phi / 2, halfLambda = point.lon * .pi / 360
        sinHalfPhi = sin(halfPhi)
        cosHalfPhi = cos(halfPhi)
        sinHalfLambda = sin(halfLambda)
        cosHalfLambda = cos(halfLambda)
        cosPhi = point.cosPhi
    }

    /// Largest haversine `a` the arcsine series is used for (√a ≤ 0.0142, about 180 km).
    static let seriesLimit = 2e-4

    /// The great-circle distance in metres, `nil` for points too far apart for the series.
    @inline(__always)
    func distance(to other: HalfAnglePoint) -> Double? {
        let sinPhi = other.sinHalfPhi * cosHalfPhi - other.cosHalfPhi * sinHalfPhi
        let sinLambda = other.sinHalfLambda * cosHalfLambda - other.cosHalfLambda * sinHalfLambda
        let a = sinPhi * sinPhi + cosPhi * other.cosPhi * sinLambda * sinLambda
        guard a <= Self.seriesLimit else { return nil }
        // atan2(√a, √(1 − a)) = asin(√a); the first omitted term, 63/2816 s¹¹, is below 1e-22.
        let s = a.squareRoot(), s2 = a
        let asin = s + s * s2 * (1.0 / 6 + s2 * (3.0 / 40 + s2 * (5.0 / 112 + s2 * (35.0 / 1152))))
        return 2 * GeoPoint.earthRadiusM * asin
    }

    /// How far ``distance(to:)`` may be from ``HaversinePoint/distance(to:)``. Both see the half-angle
    /// sines to within a few 1e-16 (absolute: a difference of two products, or of two latitudes), which
    /// moves the distance by a few 1e-16 earth diameters, about 1e-8 m, plus rounding of about 1e-15
    /// of the distance; the bound is a hundred times both.
    static func errorBound(_ distanceM: Double) -> Double { distanceM * 1e-13 + 1e-6 }
}
