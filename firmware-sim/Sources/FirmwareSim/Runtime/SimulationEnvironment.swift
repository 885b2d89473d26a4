/// Conditions shared by every vehicle of a simulation, changeable at run time.
public struct SimulationEnvironment: Sendable, Hashable {
    /// Wind velocity (towards), m/s; the down component is ignored.
    public var wind: NED
    /// Standard deviation of reported GPS positions, m.
    public var gpsNoise: Double
    /// Simulated seconds per wall second.
    public var speed: Double
    /// Unix time (µs) at simulated time zero, for SYSTEM_TIME.
    public var epochMicros: UInt64

    public init(wind: NED = .zero, gpsNoise: Double = 0, speed: Double = 1, epochMicros: UInt64 = 0) {
        self.wind = wind
        self.gpsNoise = gpsNoise
        self.speed = speed
        self.epochMicros = epochMicros
    }

    /// A protocol timeout given in wall seconds, in simulated seconds (clients time out in wall time).
    func simulated(wallSeconds: Double) -> Double { wallSeconds * speed }
}
