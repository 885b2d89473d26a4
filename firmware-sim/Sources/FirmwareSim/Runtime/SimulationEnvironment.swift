import Foundation

/// Conditions shared by every vehicle of a simulation, changeable at run time.
public struct SimulationEnvironment: Sendable, Hashable {
    /// Mean wind velocity (towards), m/s; the down component is ignored.
    public var wind: NED
    /// Gust amplitude, m/s: the wind speed swings this far above and below the mean, along the mean
    /// direction (north when calm).
    public var gust: Double = 0
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

    /// The conditions one vehicle meets at simulated `time`: the mean wind plus its gust, two incommensurate
    /// swings (8 s and 21 s) so gusts do not repeat exactly, phase-shifted per vehicle.
    func gusting(at time: Double, vehicle: Int) -> SimulationEnvironment {
        guard gust > 0 else { return self }
        let phase = Double(vehicle) * 1.7
        let fast: Double = sin(2 * Double.pi * time / 8 + phase)
        let slow: Double = sin(2 * Double.pi * time / 21 + 2 * phase)
        let swing = 0.7 * fast + 0.3 * slow
        let speed = wind.horizontalLength
        let (north, east) = speed > 0.01 ? (wind.north / speed, wind.east / speed) : (1.0, 0.0)
        var here = self
        here.wind = NED(north: wind.north + gust * swing * north, east: wind.east + gust * swing * east)
        return here
    }

    /// A protocol timeout given in wall seconds, in simulated seconds (clients time out in wall time).
    func simulated(wallSeconds: Double) -> Double { wallSeconds * speed }
}
