extension VehicleProfile {
    /// Rejects a profile no energy estimate can be made with: rates, speeds, capacity and powers must be
    /// positive (they divide), the rest non-negative, fractions and percentages in range.
    public func validate(at path: String) throws(ProtocolError) {
        func field(_ name: String) -> String { CodingPath.join(path, name) }
        try Check.text(name, maxBytes: 64, field("name"))
        try Check.positive(cruiseSpeedMps, field("cruiseSpeedMps"))
        try Check.positive(horizontalAccelMps2, field("horizontalAccelMps2"))
        try Check.positive(climbRateMps, field("climbRateMps"))
        try Check.positive(descentRateMps, field("descentRateMps"))
        try Check.positive(defaultCruiseAltitudeM, field("defaultCruiseAltitudeM"))
        try Check.nonNegative(maxPayloadKg, field("maxPayloadKg"))
        try Check.nonNegative(emptyMassKg, field("emptyMassKg"))
        try Check.positive(batteryCapacityWh, field("batteryCapacityWh"))
        guard cellCount >= 1 else {
            throw .invalidValue(path: field("cellCount"), reason: "must be at least 1, got \(cellCount)")
        }
        try Check.positive(cellFullV, field("cellFullV"))
        try Check.positive(cellEmptyV, field("cellEmptyV"))
        try Check.positive(hoverPowerW, field("hoverPowerW"))
        try Check.positive(cruisePowerW, field("cruisePowerW"))
        try Check.nonNegative(payloadPowerWPerKg, field("payloadPowerWPerKg"))
        try Check.nonNegative(climbExtraPowerW, field("climbExtraPowerW"))
        try Check.nonNegative(loadingSeconds, field("loadingSeconds"))
        try Check.nonNegative(releaseAltitudeM, field("releaseAltitudeM"))
        try Check.nonNegative(releaseHoverSeconds, field("releaseHoverSeconds"))
        try Check.range(reserveFraction, 0...1, field("reserveFraction"))
        guard reserveFraction < 1 else {
            throw .invalidValue(path: field("reserveFraction"), reason: "must be below 1")
        }
        try Check.range(failsafeReturnPercent, 0...100, field("failsafeReturnPercent"))
        try Check.range(failsafeLandPercent, 0...100, field("failsafeLandPercent"))
    }
}
