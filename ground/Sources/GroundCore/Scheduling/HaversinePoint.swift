import FleetProtocol
import Foundation

/// A point with its latitude in radians and that latitude's cosine worked out once, for distances
/// computed many times (every pair of a scheduling round). ``distance(to:)`` is FleetProtocol's
/// `GeoPoint.distance(to:)` operation for operation, so both give the same bits: the scheduler's
/// verdicts stay the agent's.
struct HaversinePoint {
    let phi: Double
    let cosPhi: Double
    let lon: Double

    init(_ point: GeoPoint) {
        phi = point.lat * .pi / 180
        cosPhi = cos(phi)
        lon = point.lon
    }

    func distance(to other: HaversinePoint) -> Double {
        let dPhi = other.phi - phi
        let dLambda = (other.lon - lon) * .pi / 180
        let sinPhi = sin(dPhi / 2), sinLambda = sin(dLambda / 2)
        let a = sinPhi * sinPhi + cosPhi * other.cosPhi * sinLambda * sinLambda
        return 2 * GeoPoint.earthRadiusM * atan2(a.squareRoot(), (1 - a).squareRoot())
    }
}
