import FleetProtocol
import Foundation

/// The wind one drone reported last, where it was.
package struct WindReading: Sendable, Hashable {
    package var droneID: String
    package var position: GeoPoint
    package var wind: Telemetry.Wind
    package var at: Date

    package init(droneID: String, position: GeoPoint, wind: Telemetry.Wind, at: Date) {
        self.droneID = droneID
        self.position = position
        self.wind = wind
        self.at = at
    }

    /// How long a reading counts: wind changes, and a drone on the ground estimates none.
    package static let lifetime: TimeInterval = 300

    /// The fresh readings of the fleet.
    package static func current(_ fleet: [DroneLiveState], now: Date) -> [WindReading] {
        fleet.compactMap { state in
            guard state.online, let wind = state.wind, let position = state.position, let seen = state.lastSeen,
                now.timeIntervalSince(seen) <= lifetime
            else { return nil }
            return WindReading(
                droneID: state.droneID, position: GeoPoint(lat: position.lat, lon: position.lon), wind: wind, at: seen)
        }
    }
}
