import Foundation

extension GeoPoint {
    /// Mean Earth radius (IUGG) in metres; spherical model, good to ~0.5 % at delivery ranges.
    public static let earthRadiusM = 6_371_008.8

    /// Great-circle (haversine) distance in metres.
    public func distance(to other: GeoPoint) -> Double {
        let phi1 = lat * .pi / 180, phi2 = other.lat * .pi / 180
        let dPhi = phi2 - phi1
        let dLambda = (other.lon - lon) * .pi / 180
        let a = sin(dPhi / 2) * sin(dPhi / 2) + cos(phi1) * cos(phi2) * sin(dLambda / 2) * sin(dLambda / 2)
        return 2 * Self.earthRadiusM * atan2(a.squareRoot(), (1 - a).squareRoot())
    }

    /// Initial great-circle bearing towards `other`, degrees clockwise from true north in 0..<360.
    public func initialBearing(to other: GeoPoint) -> Double {
        let phi1 = lat * .pi / 180, phi2 = other.lat * .pi / 180
        let dLambda = (other.lon - lon) * .pi / 180
        let y = sin(dLambda) * cos(phi2)
        let x = cos(phi1) * sin(phi2) - sin(phi1) * cos(phi2) * cos(dLambda)
        let degrees = atan2(y, x) * 180 / .pi
        return (degrees + 360).truncatingRemainder(dividingBy: 360)
    }

    /// The point reached by travelling `distanceM` metres from here on initial bearing `bearingDeg`.
    public func destination(distanceM: Double, bearingDeg: Double) -> GeoPoint {
        let delta = distanceM / Self.earthRadiusM
        let theta = bearingDeg * .pi / 180
        let phi1 = lat * .pi / 180, lambda1 = lon * .pi / 180
        let phi2 = asin(sin(phi1) * cos(delta) + cos(phi1) * sin(delta) * cos(theta))
        let lambda2 = lambda1 + atan2(sin(theta) * sin(delta) * cos(phi1), cos(delta) - sin(phi1) * sin(phi2))
        let lonDeg = (lambda2 * 180 / .pi + 540).truncatingRemainder(dividingBy: 360) - 180
        return GeoPoint(lat: phi2 * 180 / .pi, lon: lonDeg)
    }
}
