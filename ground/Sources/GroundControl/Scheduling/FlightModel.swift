/// Flight-time and energy model of one vehicle type, used for costs, feasibility and ETAs.
///
/// Interim copy of the canonical "SR-Quad" model until FleetProtocol's `VehicleProfile` lands
/// (feat/protocol had no commit yet); the numbers are the canonical defaults so both agree.
public struct FlightModel: Sendable, Hashable, Codable {
    public var cruiseSpeed = 15.0          // m/s
    public var acceleration = 3.0          // m/s²
    public var climbRate = 3.0             // m/s
    public var descentRate = 2.0           // m/s
    public var cruiseAltitude = 60.0       // m above ground
    public var maxPayloadKg = 2.5
    public var batteryCapacityWh = 250.0
    public var hoverPower = 700.0          // W
    public var cruisePower = 600.0         // W
    public var powerPerPayloadKg = 60.0    // W/kg
    public var climbExtraPower = 150.0     // W
    public var loadingSeconds = 30.0       // on the ground at pickup
    public var releaseAltitude = 10.0      // m above dropoff
    public var releaseHoverSeconds = 5.0

    /// The canonical SR-Quad.
    public init() {}

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
