import FleetProtocol

/// The subset of one telemetry message the ETA needs.
public struct ETASample: Sendable, Hashable, Codable {
    /// Seconds since epoch.
    public var time: Double
    public var position: GeoPoint
    /// Ground velocity, m/s.
    public var velocityNorth: Double
    public var velocityEast: Double
    public var phase: AssignmentPhase

    public init(time: Double, position: GeoPoint, velocityNorth: Double, velocityEast: Double, phase: AssignmentPhase) {
        self.time = time
        self.position = position
        self.velocityNorth = velocityNorth
        self.velocityEast = velocityEast
        self.phase = phase
    }
}
