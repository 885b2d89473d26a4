/// A WGS84 position in decimal degrees.
public struct GeoPoint: Codable, Hashable, Sendable {
    /// Latitude in degrees, -90...90.
    public var lat: Double
    /// Longitude in degrees, -180...180.
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Throws ``ProtocolError/invalidValue(path:reason:)`` for NaN/infinite or out-of-range coordinates.
    public func validate(at path: String) throws(ProtocolError) {
        try Check.range(lat, -90...90, CodingPath.join(path, "lat"))
        try Check.range(lon, -180...180, CodingPath.join(path, "lon"))
    }
}
