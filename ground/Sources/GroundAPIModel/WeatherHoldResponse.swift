import FleetProtocol
import Foundation
import GroundCore

/// One weather hold as the API shows it, with whether it stops launches now.
package struct WeatherHoldResponse: Codable, Sendable, Hashable {
    package var id: String
    package var area: [GeoPoint]?
    package var maxWindMps: Double?
    package var maxGustMps: Double?
    package var until: Date?
    /// Whether the hold has not lapsed.
    package var active: Bool
    /// Why it stops launches now (a drone in its area measures wind above a limit); absent: go.
    package var holding: String?

    package init(_ hold: WeatherHold, now: Date, readings: [WindReading]) {
        id = hold.id
        area = hold.area?.vertices
        maxWindMps = hold.maxWindMps
        maxGustMps = hold.maxGustMps
        until = hold.until
        active = hold.isActive(at: now)
        holding = active ? hold.violation(among: readings) : nil
    }
}
