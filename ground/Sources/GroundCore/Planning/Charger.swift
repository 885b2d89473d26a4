import Foundation

/// How a depot recovers a pack: charging at `chargePowerW` with firmware-sim's taper, or a swap in
/// `swapSeconds`. A depot's own figures (``Depot/charger``) without its id and place: plain numbers, so the
/// planner reads them per drone without copying the depot.
package struct Charger: Sendable, Hashable {
    package var mode: Depot.Mode
    package var chargePowerW: Double
    package var swapSeconds: Double

    package init(mode: Depot.Mode, chargePowerW: Double, swapSeconds: Double) {
        self.mode = mode
        self.chargePowerW = chargePowerW
        self.swapSeconds = swapSeconds
    }

    /// Seconds on a pad to go from `fromWh` to at least `toWh` of a `capacityWh` pack. Charging follows
    /// firmware-sim's charger (`Battery.chargeAcceptance`, CC-CV): the full power up to 80 %, then the
    /// accepted share falls with the remaining charge, `(1 − soc) / 0.2`, down to a floor of 5 % (reached at
    /// 99 %), so the last 20 % take several times what a linear rate would say.
    package func recoverySeconds(fromWh: Double, toWh: Double, capacityWh: Double) -> Double {
        guard toWh > fromWh else { return 0 }
        switch mode {
        case .swap: return swapSeconds
        case .charge:
            guard capacityWh > 0, chargePowerW > 0 else { return .infinity }
            let from = max(0, fromWh / capacityWh), to = min(1, toWh / capacityWh)
            // State of charge per second at full power.
            let rate = chargePowerW / capacityWh / 3600
            var seconds = 0.0
            if from < Self.taperKnee { seconds += (min(to, Self.taperKnee) - from) / rate }
            let cvFrom = max(from, Self.taperKnee), cvTo = min(to, Self.taperFloorSOC)
            // d(soc)/dt = rate · (1 − soc) / 0.2 between the knee and the floor.
            if cvTo > cvFrom { seconds += 0.2 / rate * log((1 - cvFrom) / (1 - cvTo)) }
            let floorFrom = max(from, Self.taperFloorSOC)
            if to > floorFrom { seconds += (to - floorFrom) / (rate * 0.05) }
            return seconds
        }
    }

    /// Energy in a `capacityWh` pack after `seconds` on a pad from `fromWh`: the inverse of
    /// ``recoverySeconds(fromWh:toWh:capacityWh:)`` (a swap gives a full pack once its time is up).
    package func energyAfterCharging(fromWh: Double, seconds: Double, capacityWh: Double) -> Double {
        guard seconds > 0, fromWh < capacityWh else { return fromWh }
        switch mode {
        case .swap: return seconds >= swapSeconds ? capacityWh : fromWh
        case .charge:
            guard capacityWh > 0, chargePowerW > 0 else { return fromWh }
            let rate = chargePowerW / capacityWh / 3600
            var soc = max(0, fromWh / capacityWh), left = seconds
            if soc < Self.taperKnee {
                let toKnee = (Self.taperKnee - soc) / rate
                if left <= toKnee { return (soc + left * rate) * capacityWh }
                soc = Self.taperKnee
                left -= toKnee
            }
            if soc < Self.taperFloorSOC {
                let toFloor = 0.2 / rate * log((1 - soc) / (1 - Self.taperFloorSOC))
                if left <= toFloor { return (1 - (1 - soc) * exp(-rate * left / 0.2)) * capacityWh }
                soc = Self.taperFloorSOC
                left -= toFloor
            }
            return min(1, soc + left * rate * 0.05) * capacityWh
        }
    }

    /// State of charge where the constant-voltage phase starts (firmware-sim's charger).
    static let taperKnee = 0.8
    /// State of charge where the accepted power reaches its 5 % floor: (1 − soc) / 0.2 = 0.05.
    static let taperFloorSOC = 0.99

    /// Energy in the pack after recovering towards `toWh` (a swap always gives a full pack).
    package func energyAfterRecovery(fromWh: Double, toWh: Double, capacityWh: Double) -> Double {
        guard toWh > fromWh else { return fromWh }
        return mode == .swap ? capacityWh : min(toWh, capacityWh)
    }
}
