import Foundation

/// Kinematic multicopter: position, velocity and the rate/acceleration limits that shape how long a
/// delivery takes. No attitude dynamics: attitude is derived from acceleration for telemetry only.
public struct Kinematics: Sendable, Hashable {
    /// Position relative to home, m.
    public var position: NED = .zero
    /// Horizontal velocity relative to the air, m/s (down component unused).
    public var airVelocity: NED = .zero
    /// Vertical speed, m/s, positive down.
    public var verticalSpeed: Double = 0
    /// Heading, radians from north.
    public var heading: Double = 0
    /// Last horizontal acceleration, m/s², for the attitude estimate.
    public var acceleration: NED = .zero

    public init() {}

    /// Altitude above home, m.
    public var altitude: Double { -position.down }

    /// Velocity over ground including wind, m/s.
    public func groundVelocity(wind: NED, flying: Bool) -> NED {
        guard flying else { return .zero }
        return NED(north: airVelocity.north + wind.north, east: airVelocity.east + wind.east, down: verticalSpeed)
    }

    /// Moves one step towards `target`, limited by `profile`.
    ///
    /// Horizontal: a braking-distance speed profile (v = √(2·a·d), capped at cruise) gives the wanted
    /// ground velocity; the wind is subtracted to get the wanted air velocity, which is capped at
    /// cruise airspeed (so a headwind really slows the vehicle down) and reached within the
    /// acceleration limit. Vertical: climb/descent rate limits with a gentle approach.
    public mutating func step(
        towards target: NED,
        horizontal: Bool,
        profile: AirframeModel,
        descentLimit: Double? = nil,
        wind: NED,
        dt: Double
    ) {
        let accel = profile.horizontalAcceleration
        var wantedGround = NED.zero
        if horizontal {
            let delta = target - position
            let distance = delta.horizontalLength
            if distance > 0.01 {
                let speed = min(profile.cruiseSpeed, (2 * accel * distance).squareRoot(), distance / dt)
                wantedGround = NED(north: delta.north / distance * speed, east: delta.east / distance * speed)
            }
        }
        var wantedAir = wantedGround - NED(north: wind.north, east: wind.east)
        let airspeed = wantedAir.horizontalLength
        if airspeed > profile.cruiseSpeed { wantedAir = wantedAir * (profile.cruiseSpeed / airspeed) }
        var change = wantedAir - airVelocity
        let maxChange = accel * dt
        let changeLength = change.horizontalLength
        if changeLength > maxChange { change = change * (maxChange / changeLength) }
        acceleration = change * (1 / dt)
        airVelocity = airVelocity + change
        airVelocity.down = 0

        let dz = target.down - position.down
        let descent = min(profile.descentRate, descentLimit ?? profile.descentRate)
        let wantedVertical = dz.clamped(to: -profile.climbRate...descent)
        let verticalChange = (wantedVertical - verticalSpeed).clamped(to: -4 * dt...4 * dt)
        verticalSpeed += verticalChange
        if abs(dz) < abs(verticalSpeed * dt) { verticalSpeed = dz / dt }

        let ground = groundVelocity(wind: wind, flying: true)
        position = position + ground * dt
        if ground.horizontalLength > 0.5 { heading = atan2(ground.east, ground.north) }
    }

    /// Stops all motion (on the ground).
    public mutating func rest() {
        airVelocity = .zero
        verticalSpeed = 0
        acceleration = .zero
        position.down = min(0, position.down)
    }
}
