import FleetProtocol

/// Flight-time view of one ``VehicleProfile`` for the live ETA, which needs leg times at an observed
/// ground speed (wind) rather than at cruise speed.
///
/// Costs, feasibility and energy are not computed here: the scheduler uses FleetProtocol's
/// ``EnergyModel`` with each drone's advertised profile, the same code the agent accepts with.
package struct FlightModel: Sendable, Hashable, Codable {
    package var cruiseSpeed: Double // m/s
    package var acceleration: Double // m/s²
    package var climbRate: Double // m/s
    package var descentRate: Double // m/s
    package var cruiseAltitude: Double // m above ground
    package var loadingSeconds: Double // on the ground at pickup
    package var releaseAltitude: Double // m above dropoff
    package var releaseHoverSeconds: Double

    /// The model of `vehicle` (default: the canonical SR-Quad).
    package init(vehicle: VehicleProfile = .default) {
        cruiseSpeed = vehicle.cruiseSpeedMps
        acceleration = vehicle.horizontalAccelMps2
        climbRate = vehicle.climbRateMps
        descentRate = vehicle.descentRateMps
        cruiseAltitude = vehicle.defaultCruiseAltitudeM
        loadingSeconds = vehicle.loadingSeconds
        releaseAltitude = vehicle.releaseAltitudeM
        releaseHoverSeconds = vehicle.releaseHoverSeconds
    }

    /// Horizontal leg time with a trapezoidal speed profile (accelerate, cruise, brake).
    package func horizontalSeconds(distance: Double, groundSpeed: Double? = nil) -> Double {
        let speed = max(groundSpeed ?? cruiseSpeed, 0.5)
        guard distance > 0 else { return 0 }
        let rampDistance = speed * speed / acceleration
        if distance >= rampDistance { return distance / speed + speed / acceleration }
        return 2 * (distance / acceleration).squareRoot()
    }

    var climbSeconds: Double { cruiseAltitude / climbRate }
    var descentSeconds: Double { cruiseAltitude / descentRate }

    /// Seconds from the pickup landing until the payload is released over the dropoff.
    package func pickupToReleaseSeconds(distance: Double) -> Double {
        loadingSeconds + climbSeconds + horizontalSeconds(distance: distance)
            + (cruiseAltitude - releaseAltitude) / descentRate
    }
}
