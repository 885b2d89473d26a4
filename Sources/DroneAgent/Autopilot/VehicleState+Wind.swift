import FleetProtocol
import Foundation

extension VehicleState {
    /// The horizontal wind velocity (north/east, where the air moves to) from ArduPilot's WIND fields:
    /// `direction` is where the wind comes from, degrees clockwise from north (ArduPilot sends
    /// `degrees(atan2(-wind.y, -wind.x))`, so -180…180; any angle is taken), `speed` the length of the
    /// whole 3D wind vector and `speedZ` its down component. WIND carries no gust estimate: `gustMps` is nil.
    /// Nil for non-finite fields, a negative speed or a horizontal speed over 100 m/s (not a wind).
    package static func windVector(fromDirectionDeg direction: Float, speed: Float, speedZ: Float) -> Telemetry.Wind? {
        guard direction.isFinite, speed.isFinite, speed >= 0 else { return nil }
        let vertical = speedZ.isFinite ? Double(speedZ) : 0
        let horizontal = max(Double(speed) * Double(speed) - vertical * vertical, 0).squareRoot()
        guard horizontal <= 100 else { return nil }
        let radians = Double(direction) * .pi / 180
        return Telemetry.Wind(northMps: -horizontal * cos(radians), eastMps: -horizontal * sin(radians), gustMps: nil)
    }
}
