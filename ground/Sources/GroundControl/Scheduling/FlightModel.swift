import FleetProtocol

/// Flight-time and energy model of one vehicle type, used for costs, feasibility and ETAs.
///
/// Every number comes from FleetProtocol's ``VehicleProfile`` (the same profile the agent checks
/// acceptance with), so ground and drone agree on what a mission costs.
public struct FlightModel: Sendable, Hashable, Codable {
    public var cruiseSpeed: Double  // m/s
    public var acceleration: Double  // m/s²
    public var climbRate: Double  // m/s
    public var descentRate: Double  // m/s
    public var cruiseAltitude: Double  // m above ground
    public var maxPayloadKg: Double
    public var batteryCapacityWh: Double
    public var hoverPower: Double  // W
    public var cruisePower: Double  // W
    public var powerPerPayloadKg: Double  // W/kg
    public var climbExtraPower: Double  // W
    public var loadingSeconds: Double  // on the ground at pickup
    public var releaseAltitude: Double  // m above dropoff
    public var releaseHoverSeconds: Double

    /// The model of `vehicle` (default: the canonical SR-Quad).
    public init(vehicle: VehicleProfile = .default) {
        cruiseSpeed = vehicle.cruiseSpeedMps
        acceleration = vehicle.horizontalAccelMps2
        climbRate = vehicle.climbRateMps
        descentRate = vehicle.descentRateMps
        cruiseAltitude = vehicle.defaultCruiseAltitudeM
        maxPayloadKg = vehicle.maxPayloadKg
        batteryCapacityWh = vehicle.batteryCapacityWh
        hoverPower = vehicle.hoverPowerW
        cruisePower = vehicle.cruisePowerW
        powerPerPayloadKg = vehicle.payloadPowerWPerKg
        climbExtraPower = vehicle.climbExtraPowerW
        loadingSeconds = vehicle.loadingSeconds
        releaseAltitude = vehicle.releaseAltitudeM
        releaseHoverSeconds = vehicle.releaseHoverSeconds
    }

    /// Horizontal leg time with a trapezoidal speed profile (accelerate, cruise, brake).
    public func horizontalSeconds(distance: Double, groundSpeed: Double? = nil) -> Double {
        let speed = max(groundSpeed ?? cruiseSpeed, 0.5)
        guard distance > 0 else { return 0 }
        let rampDistance = speed * speed / acceleration
        if distance >= rampDistance { return distance / speed + speed / acceleration }
        return 2 * (distance / acceleration).squareRoot()
    }

    var climbSeconds: Double { cruiseAltitude / climbRate }
    var descentSeconds: Double { cruiseAltitude / descentRate }
    var releaseSeconds: Double {
        let drop = cruiseAltitude - releaseAltitude
        return drop / descentRate + releaseHoverSeconds + drop / climbRate
    }

    /// Seconds from standing on the ground at `from` to standing on the ground at `to`.
    public func groundToGroundSeconds(distance: Double) -> Double {
        climbSeconds + horizontalSeconds(distance: distance) + descentSeconds
    }

    /// Energy in Wh for take-off, a horizontal leg and landing with `payloadKg` on board.
    public func groundToGroundEnergyWh(distance: Double, payloadKg: Double) -> Double {
        let extra = powerPerPayloadKg * payloadKg
        let joules = (hoverPower + climbExtraPower + extra) * climbSeconds
            + (cruisePower + extra) * horizontalSeconds(distance: distance)
            + (hoverPower + extra) * descentSeconds
        return joules / 3600
    }

    /// Energy in Wh of the payload release manoeuvre at the dropoff.
    public func releaseEnergyWh(payloadKg: Double) -> Double {
        let drop = cruiseAltitude - releaseAltitude
        let joules = (hoverPower + powerPerPayloadKg * payloadKg) * (drop / descentRate + releaseHoverSeconds)
            + (hoverPower + climbExtraPower) * (drop / climbRate)
        return joules / 3600
    }

    /// Energy in Wh of a whole mission: current→pickup (empty), loading, pickup→dropoff (loaded),
    /// release, dropoff→home (empty).
    public func missionEnergyWh(toPickup: Double, toDropoff: Double, toHome: Double, payloadKg: Double) -> Double {
        groundToGroundEnergyWh(distance: toPickup, payloadKg: 0)
            + (hoverPower + climbExtraPower + powerPerPayloadKg * payloadKg) * climbSeconds / 3600
            + (cruisePower + powerPerPayloadKg * payloadKg) * horizontalSeconds(distance: toDropoff) / 3600
            + releaseEnergyWh(payloadKg: payloadKg)
            + ((cruisePower) * horizontalSeconds(distance: toHome) + hoverPower * descentSeconds) / 3600
    }

    /// Seconds from the pickup landing until the payload is released over the dropoff.
    public func pickupToReleaseSeconds(distance: Double) -> Double {
        loadingSeconds + climbSeconds + horizontalSeconds(distance: distance)
            + (cruiseAltitude - releaseAltitude) / descentRate
    }
}
