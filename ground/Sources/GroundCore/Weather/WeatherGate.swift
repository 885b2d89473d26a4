import FleetProtocol
import Foundation

/// Dispatch's go/no-go on the weather holds: a delivery whose pickup or dropoff lies in a held area
/// where a drone measures wind above the limit waits, with the hold named in its reason.
package struct WeatherGate: Sendable {
    package var holds: [WeatherHold]
    package var readings: [WindReading]

    package init(holds: [WeatherHold], readings: [WindReading], now: Date) {
        self.holds = holds.filter { $0.isActive(at: now) }
        self.readings = readings
    }

    /// Why `pickup`→`dropoff` may not launch now; nil: go. Without a reading in a held area it is go:
    /// a hold is a limit on measured wind, and the first flights there measure it.
    package func reason(pickup: GeoPoint, dropoff: GeoPoint) -> String? {
        for hold in holds where hold.covers(pickup) || hold.covers(dropoff) {
            if let violation = hold.violation(among: readings) { return violation }
        }
        return nil
    }
}
