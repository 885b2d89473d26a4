/// Energy bookkeeping of the flight battery: integrates electrical power over simulated time and
/// derives state of charge, voltage and current the way a smart battery monitor reports them.
public struct Battery: Sendable, Hashable {
    public let capacityWh: Double
    public let cells: Int
    public let cellVoltageFull: Double
    public let cellVoltageEmpty: Double
    /// Energy drawn so far, Wh (includes energy lost to injected sag).
    public private(set) var consumedWh: Double = 0
    /// Charge drawn so far, mAh.
    public private(set) var consumedMah: Double = 0
    /// Power drawn in the last step, W; negative while a charger feeds the pack.
    public private(set) var power: Double = 0
    /// A failed pack reports empty and cannot power the vehicle.
    public private(set) var failed = false

    public init(profile: AirframeModel) {
        capacityWh = profile.batteryCapacityWh
        cells = profile.batteryCells
        cellVoltageFull = profile.cellVoltageFull
        cellVoltageEmpty = profile.cellVoltageEmpty
    }

    /// Remaining charge, 0...1.
    public var stateOfCharge: Double { failed ? 0 : max(0, 1 - consumedWh / capacityWh) }

    /// Per-cell voltage: linear from full down to a knee at 10 %, then falling steeply to empty.
    public var cellVoltage: Double {
        let soc = stateOfCharge
        let knee = cellVoltageEmpty + 0.2
        if soc >= 0.1 { return knee + (cellVoltageFull - knee) * (soc - 0.1) / 0.9 }
        return cellVoltageEmpty + (knee - cellVoltageEmpty) * soc / 0.1
    }

    /// Pack voltage, V.
    public var voltage: Double { cellVoltage * Double(cells) }

    /// Current at the present power, A.
    public var current: Double { voltage > 0 ? power / voltage : 0 }

    /// Seconds left at the present power draw.
    public var timeRemaining: Double {
        guard power > 1 else { return 0 }
        return (capacityWh - consumedWh).clamped(to: 0...capacityWh) * 3600 / power
    }

    /// Draws `power` watts for `dt` seconds.
    public mutating func draw(power: Double, for dt: Double) {
        self.power = power
        let wh = power * dt / 3600
        consumedWh += wh
        consumedMah += voltage > 0 ? wh / voltage * 1000 : 0
    }

    /// Whether a charger fed the pack in the last step.
    public var isCharging: Bool { power < 0 }

    /// Charges for `dt` seconds from a charger of `chargerPower` watts (the vehicle's own draw is fed by the
    /// pad). Constant current up to 80 %, then the constant-voltage phase lets the accepted power fall with
    /// the remaining charge, down to a termination floor of 5 % of the charger power, so a pack goes from
    /// 80 to 100 % in a few times the time of the linear rate instead of at once; full packs take nothing.
    public mutating func charge(chargerPower: Double, for dt: Double) {
        guard !failed, consumedWh > 0 else {
            power = 0
            return
        }
        let accepted = chargerPower * Self.chargeAcceptance(stateOfCharge: stateOfCharge)
        power = -accepted
        let wh = min(consumedWh, accepted * dt / 3600)
        consumedWh -= wh
        consumedMah = max(0, consumedMah - (voltage > 0 ? wh / voltage * 1000 : 0))
        if consumedWh < 1e-9 {
            consumedWh = 0
            consumedMah = 0
        }
    }

    /// Share of the charger power the pack accepts at a state of charge (CC-CV shape).
    public static func chargeAcceptance(stateOfCharge soc: Double) -> Double {
        soc < 0.8 ? 1 : max(0.05, (1 - soc) / 0.2)
    }

    /// No flow in or out (the pack is out of the vehicle during a swap; the pad powers the avionics).
    public mutating func rest() {
        power = 0
    }

    /// Injected sag: loses `fraction` of capacity at once (a damaged or cold cell).
    public mutating func sag(fraction: Double) {
        consumedWh = min(capacityWh, consumedWh + capacityWh * fraction.clamped(to: 0...1))
    }

    /// Injected failure: the pack reports empty from now on.
    public mutating func fail() {
        failed = true
    }
}
