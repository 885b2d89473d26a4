import FleetProtocol

/// The subset of one telemetry message the ETA needs.
package struct ETASample: Sendable, Hashable, Codable {
    /// Seconds since epoch.
    package var time: Double
    package var position: GeoPoint
    /// Ground velocity, m/s.
    package var velocityNorth: Double
    package var velocityEast: Double
    package var phase: AssignmentPhase

    package init(time: Double, position: GeoPoint, velocityNorth: Double, velocityEast: Double, phase: AssignmentPhase)
    {
        self.time = time
        self.position = position
        self.velocityNorth = velocityNorth
        self.velocityEast = velocityEast
        self.phase = phase
    }
}
