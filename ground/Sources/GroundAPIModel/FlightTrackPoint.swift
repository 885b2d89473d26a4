import Foundation
import GroundCore

/// One stored telemetry sample of a flight as the API shows it.
package struct FlightTrackPoint: Codable, Sendable, Hashable {
    package var time: Date
    package var lat: Double
    package var lon: Double
    /// Altitude above mean sea level, metres.
    package var alt: Double
    package var batteryPercent: Double?
    /// Metres per second.
    package var groundSpeed: Double?
    /// Degrees clockwise from north.
    package var heading: Double?

    package init(_ sample: TelemetrySample) {
        time = sample.time
        lat = sample.lat
        lon = sample.lon
        alt = sample.alt
        batteryPercent = sample.batteryPercent
        groundSpeed = sample.groundSpeed
        heading = sample.heading
    }
}
