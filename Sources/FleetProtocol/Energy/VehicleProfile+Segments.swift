extension VehicleProfile {
    private func payloadPower(_ payloadKg: Double) -> Double { payloadPowerWPerKg * max(payloadKg, 0) }

    /// Vertical climb of `heightM` at the climb rate (hover + climb extra + payload power).
    public func climb(_ heightM: Double, payloadKg: Double) -> FlightCost {
        let t = max(heightM, 0) / climbRateMps
        return FlightCost(durationS: t, energyWh: t * (hoverPowerW + climbExtraPowerW + payloadPower(payloadKg)) / 3600)
    }

    /// Vertical descent of `heightM` at the descent rate (hover + payload power).
    public func descend(_ heightM: Double, payloadKg: Double) -> FlightCost {
        let t = max(heightM, 0) / descentRateMps
        return FlightCost(durationS: t, energyWh: t * (hoverPowerW + payloadPower(payloadKg)) / 3600)
    }

    /// Hovering in place.
    public func hover(_ seconds: Double, payloadKg: Double) -> FlightCost {
        let t = max(seconds, 0)
        return FlightCost(durationS: t, energyWh: t * (hoverPowerW + payloadPower(payloadKg)) / 3600)
    }

    /// Waiting on the ground, motors off.
    public func onGround(_ seconds: Double) -> FlightCost { FlightCost(durationS: max(seconds, 0)) }

    /// Horizontal flight over `distanceM` with a trapezoidal speed profile (accelerate from rest when
    /// `fromRest`, decelerate to rest at the end), or triangular if too short to reach cruise speed.
    /// Accelerating phases are costed at hover power, cruise at cruise power.
    public func cruise(_ distanceM: Double, payloadKg: Double, fromRest: Bool = true) -> FlightCost {
        let d = max(distanceM, 0)
        guard d > 0 else { return .zero }
        let v = cruiseSpeedMps, a = horizontalAccelMps2
        let rampD = v * v / (2 * a), rampT = v / a
        let ramps = fromRest ? 2.0 : 1.0
        let extra = payloadPower(payloadKg)
        if d >= ramps * rampD {
            let cruiseT = (d - ramps * rampD) / v
            let energy = (cruiseT * (cruisePowerW + extra) + ramps * rampT * (hoverPowerW + extra)) / 3600
            return FlightCost(durationS: cruiseT + ramps * rampT, energyWh: energy, distanceM: d)
        }
        // Never reaches cruise speed: accelerate/decelerate only.
        let t = fromRest ? 2 * (d / a).squareRoot() : (2 * d / a).squareRoot()
        return FlightCost(durationS: t, energyWh: t * (hoverPowerW + extra) / 3600, distanceM: d)
    }
}
