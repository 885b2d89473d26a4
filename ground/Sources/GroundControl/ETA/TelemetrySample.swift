/// The subset of one telemetry message the ETA needs.
public struct TelemetrySample: Sendable, Hashable, Codable {
    /// Seconds since epoch.
    public var time: Double
    public var position: Coordinate
    /// Ground velocity, m/s.
    public var velocityNorth: Double
    public var velocityEast: Double
    public var phase: FlightPhase

    public init(time: Double, position: Coordinate, velocityNorth: Double, velocityEast: Double, phase: FlightPhase) {
        self.time = time
        self.position = position
        self.velocityNorth = velocityNorth
        self.velocityEast = velocityEast
        self.phase = phase
    }
}
