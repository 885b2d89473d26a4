/// One ETA update for the payload release at the dropoff.
public struct ETAEstimate: Sendable, Hashable, Codable {
    /// Smoothed arrival time, seconds since epoch (what customers see).
    public var arrival: Double
    /// `arrival - sample time`, never negative.
    public var remainingSeconds: Double
    /// Unsmoothed model prediction for this sample.
    public var rawArrival: Double
    /// Current wind estimate (m/s toward east/north), from ground speed vs. cruise airspeed.
    public var windEast: Double
    public var windNorth: Double
}
