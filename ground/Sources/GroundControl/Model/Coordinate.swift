/// A WGS-84 latitude/longitude pair in degrees, as the HTTP API and the store carry it.
///
/// Kept in GroundControl rather than FleetProtocol so the API does not change shape when the
/// wire types evolve; conversion to the protocol's geo types lives beside their users.
public struct Coordinate: Codable, Sendable, Hashable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Latitude in [-90, 90] and longitude in [-180, 180], both finite.
    public var isValid: Bool {
        lat.isFinite && lon.isFinite && (-90...90).contains(lat) && (-180...180).contains(lon)
    }
}
