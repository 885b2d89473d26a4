import Foundation

/// One position/battery sample of a drone, as kept in the telemetry history.
package struct TelemetrySample: Codable, Sendable, Hashable {
    package var droneID: String
    package var time: Date
    package var lat: Double
    package var lon: Double
    /// Altitude above mean sea level, metres.
    package var alt: Double
    package var batteryPercent: Double?
    package var groundSpeed: Double?
    package var heading: Double?
    /// Armed and not reported on the ground (nil: stored before this was recorded); flight hours count it.
    package var airborne: Bool?

    package init(
        droneID: String, time: Date, lat: Double, lon: Double, alt: Double,
        batteryPercent: Double? = nil, groundSpeed: Double? = nil, heading: Double? = nil, airborne: Bool? = nil
    ) {
        self.droneID = droneID
        self.time = time
        self.lat = lat
        self.lon = lon
        self.alt = alt
        self.batteryPercent = batteryPercent
        self.groundSpeed = groundSpeed
        self.heading = heading
        self.airborne = airborne
    }
}
