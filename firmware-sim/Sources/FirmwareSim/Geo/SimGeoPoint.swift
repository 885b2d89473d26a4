/// A position in the simulated world (WGS-84 degrees, metres above mean sea level); FleetProtocol's
/// `GeoPoint` is the wire type, this one belongs to the simulator.
public struct SimGeoPoint: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double
    public var altitude: Double

    public init(latitude: Double, longitude: Double, altitude: Double = 0) {
        self.latitude = latitude
        self.longitude = longitude
        self.altitude = altitude
    }
}
