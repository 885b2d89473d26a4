import Foundation

/// One position/battery sample of a drone, as kept in the telemetry history.
public struct TelemetrySample: Codable, Sendable, Hashable {
    public var droneID: String
    public var time: Date
    public var lat: Double
    public var lon: Double
    /// Altitude above mean sea level, metres.
    public var alt: Double
    public var batteryPercent: Double?
    public var groundSpeed: Double?
    public var heading: Double?

    public init(
        droneID: String, time: Date, lat: Double, lon: Double, alt: Double,
        batteryPercent: Double? = nil, groundSpeed: Double? = nil, heading: Double? = nil
    ) {
        self.droneID = droneID
        self.time = time
        self.lat = lat
        self.lon = lon
        self.alt = alt
        self.batteryPercent = batteryPercent
        self.groundSpeed = groundSpeed
        self.heading = heading
    }
}
