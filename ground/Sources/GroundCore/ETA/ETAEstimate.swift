/// One ETA update for the payload release at the dropoff.
package struct ETAEstimate: Sendable, Hashable, Codable {
    /// Smoothed arrival time, seconds since epoch (what customers see).
    package var arrival: Double
    /// `arrival - sample time`, never negative.
    package var remainingSeconds: Double
    /// Unsmoothed model prediction for this sample.
    package var rawArrival: Double
    /// Current wind estimate (m/s toward east/north), from ground speed vs. cruise airspeed.
    package var windEast: Double
    package var windNorth: Double
}
