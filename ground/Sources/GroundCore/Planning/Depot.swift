import FleetProtocol
import Foundation

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

    /// How it recovers a pack, as plain numbers (what the planner reads per drone).
    package var charger: Charger { Charger(mode: mode, chargePowerW: chargePowerW, swapSeconds: swapSeconds) }

    /// Seconds on a pad to go from `fromWh` to at least `toWh` of a `capacityWh` pack
    /// (``Charger/recoverySeconds(fromWh:toWh:capacityWh:)``).
    package func recoverySeconds(fromWh: Double, toWh: Double, capacityWh: Double) -> Double {
        charger.recoverySeconds(fromWh: fromWh, toWh: toWh, capacityWh: capacityWh)
    }

    /// Energy in a `capacityWh` pack after `seconds` on a pad from `fromWh`
    /// (``Charger/energyAfterCharging(fromWh:seconds:capacityWh:)``).
    package func energyAfterCharging(fromWh: Double, seconds: Double, capacityWh: Double) -> Double {
        charger.energyAfterCharging(fromWh: fromWh, seconds: seconds, capacityWh: capacityWh)
    }

    /// Energy in the pack after recovering towards `toWh` (``Charger/energyAfterRecovery(fromWh:toWh:capacityWh:)``).
    package func energyAfterRecovery(fromWh: Double, toWh: Double, capacityWh: Double) -> Double {
        charger.energyAfterRecovery(fromWh: fromWh, toWh: toWh, capacityWh: capacityWh)
    }

    enum CodingKeys: String, CodingKey {
        case depotID = "depotId"
        case lat, lon, pads, chargePowerW, swapSeconds, mode
    }
}
