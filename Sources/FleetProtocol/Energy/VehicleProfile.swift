/// Performance and power model of a vehicle type. ``default`` is the canonical "SR-Quad".
public struct VehicleProfile: Codable, Hashable, Sendable {
    public var name: String
    public var cruiseSpeedMps: Double
    public var horizontalAccelMps2: Double
    public var climbRateMps: Double
    public var descentRateMps: Double
    public var defaultCruiseAltitudeM: Double
    public var maxPayloadKg: Double
    public var emptyMassKg: Double
    public var batteryCapacityWh: Double
    public var cellCount: Int
    public var cellFullV: Double
    public var cellEmptyV: Double
    public var hoverPowerW: Double
    public var cruisePowerW: Double
    public var payloadPowerWPerKg: Double
    public var climbExtraPowerW: Double
    public var loadingSeconds: Double
    public var releaseAltitudeM: Double
    public var releaseHoverSeconds: Double
    /// Energy kept in reserve at acceptance, fraction of capacity.
    public var reserveFraction: Double
    public var failsafeReturnPercent: Double
    public var failsafeLandPercent: Double

    /// SR-Quad: 15 m/s cruise, 3 m/s² accel, climb 3 / descent 2 m/s, 60 m cruise, 2.5 kg payload, 6 kg empty,
    /// 6S 250 Wh (4.2–3.3 V/cell), hover 700 W, cruise 600 W, +60 W/kg, +150 W climbing, 30 s loading,
    /// release at 10 m with 5 s hover, failsafes RTL ≤ 15 %, land ≤ 8 %, reserve 20 %.
    public static let `default` = VehicleProfile(
        name: "SR-Quad", cruiseSpeedMps: 15, horizontalAccelMps2: 3, climbRateMps: 3, descentRateMps: 2,
        defaultCruiseAltitudeM: 60, maxPayloadKg: 2.5, emptyMassKg: 6, batteryCapacityWh: 250, cellCount: 6,
        cellFullV: 4.2, cellEmptyV: 3.3, hoverPowerW: 700, cruisePowerW: 600, payloadPowerWPerKg: 60,
        climbExtraPowerW: 150, loadingSeconds: 30, releaseAltitudeM: 10, releaseHoverSeconds: 5,
        reserveFraction: 0.2, failsafeReturnPercent: 15, failsafeLandPercent: 8)

    public init(
        name: String, cruiseSpeedMps: Double, horizontalAccelMps2: Double, climbRateMps: Double, descentRateMps: Double,
        defaultCruiseAltitudeM: Double, maxPayloadKg: Double, emptyMassKg: Double, batteryCapacityWh: Double,
        cellCount: Int, cellFullV: Double, cellEmptyV: Double, hoverPowerW: Double, cruisePowerW: Double,
        payloadPowerWPerKg: Double, climbExtraPowerW: Double, loadingSeconds: Double, releaseAltitudeM: Double,
        releaseHoverSeconds: Double, reserveFraction: Double, failsafeReturnPercent: Double, failsafeLandPercent: Double
    ) {
        self.name = name
        self.cruiseSpeedMps = cruiseSpeedMps
        self.horizontalAccelMps2 = horizontalAccelMps2
        self.climbRateMps = climbRateMps
        self.descentRateMps = descentRateMps
        self.defaultCruiseAltitudeM = defaultCruiseAltitudeM
        self.maxPayloadKg = maxPayloadKg
        self.emptyMassKg = emptyMassKg
        self.batteryCapacityWh = batteryCapacityWh
        self.cellCount = cellCount
        self.cellFullV = cellFullV
        self.cellEmptyV = cellEmptyV
        self.hoverPowerW = hoverPowerW
        self.cruisePowerW = cruisePowerW
        self.payloadPowerWPerKg = payloadPowerWPerKg
        self.climbExtraPowerW = climbExtraPowerW
        self.loadingSeconds = loadingSeconds
        self.releaseAltitudeM = releaseAltitudeM
        self.releaseHoverSeconds = releaseHoverSeconds
        self.reserveFraction = reserveFraction
        self.failsafeReturnPercent = failsafeReturnPercent
        self.failsafeLandPercent = failsafeLandPercent
    }

    /// Still-air cruise range on the whole battery with no payload, metres (SR-Quad: 22.5 km; 18 km at 80 %).
    public var maxRangeM: Double { batteryCapacityWh * 3600 / cruisePowerW * cruiseSpeedMps }

    /// The summary advertised in ``DroneState``.
    public var capabilities: VehicleCapabilities {
        VehicleCapabilities(
            maxPayloadKg: maxPayloadKg, cruiseSpeedMps: cruiseSpeedMps, maxRangeM: maxRangeM, profile: self)
    }

    /// Pack voltage at a state of charge (0...100 %): linear between empty and full per cell, with a knee
    /// that drops faster below 10 %.
    public func packVoltage(percent: Double) -> Double {
        let soc = min(max(percent, 0), 100) / 100
        let knee = 0.1, kneeCellV = cellEmptyV + (cellFullV - cellEmptyV) * 0.25
        let cellV =
            soc >= knee
            ? kneeCellV + (cellFullV - kneeCellV) * (soc - knee) / (1 - knee)
            : cellEmptyV + (kneeCellV - cellEmptyV) * soc / knee
        return cellV * Double(cellCount)
    }
}
