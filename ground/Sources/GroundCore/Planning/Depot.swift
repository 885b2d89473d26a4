import FleetProtocol

/// A place where landed drones recover energy: `pads` drones at a time, either charging at
/// `chargePowerW` or having the pack exchanged in `swapSeconds`. One entry of the depots file
/// (``DepotsFile``), the format firmware-sim reads too.
package struct Depot: Codable, Sendable, Hashable {
    package enum Mode: String, Codable, Sendable, Hashable, CaseIterable {
        case charge
        case swap
    }

    package var depotID: String
    package var lat: Double
    package var lon: Double
    /// Drones that can charge (or be swapped) at once.
    package var pads: Int
    package var chargePowerW: Double
    package var swapSeconds: Double
    package var mode: Mode

    package init(
        depotID: String, lat: Double, lon: Double, pads: Int, chargePowerW: Double, swapSeconds: Double, mode: Mode
    ) {
        self.depotID = depotID
        self.lat = lat
        self.lon = lon
        self.pads = pads
        self.chargePowerW = chargePowerW
        self.swapSeconds = swapSeconds
        self.mode = mode
    }

    package var location: GeoPoint { GeoPoint(lat: lat, lon: lon) }

    /// Seconds on a pad to go from `fromWh` to at least `toWh` of a `capacityWh` pack.
    package func recoverySeconds(fromWh: Double, toWh: Double) -> Double {
        guard toWh > fromWh else { return 0 }
        switch mode {
        case .charge: return (toWh - fromWh) / chargePowerW * 3600
        case .swap: return swapSeconds
        }
    }

    /// Energy in the pack after recovering towards `toWh` (a swap always gives a full pack).
    package func energyAfterRecovery(fromWh: Double, toWh: Double, capacityWh: Double) -> Double {
        guard toWh > fromWh else { return fromWh }
        return mode == .swap ? capacityWh : min(toWh, capacityWh)
    }

    enum CodingKeys: String, CodingKey {
        case depotID = "depotId"
        case lat, lon, pads, chargePowerW, swapSeconds, mode
    }
}
