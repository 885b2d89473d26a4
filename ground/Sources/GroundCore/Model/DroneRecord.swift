import FleetProtocol
import Foundation

/// What ground control remembers about a drone between restarts.
package struct DroneRecord: Codable, Sendable, Hashable, Identifiable {
    package var id: String
    /// Last retained state message as received (JSON), so the fleet view can be rebuilt verbatim.
    package var lastState: String?
    /// Advertised capabilities (JSON: max payload, cruise speed, range...).
    package var capabilities: String?
    package var home: GeoPoint?
    package var lastSeen: Date?
    package var online: Bool

    package init(
        id: String, lastState: String? = nil, capabilities: String? = nil,
        home: GeoPoint? = nil, lastSeen: Date? = nil, online: Bool = false
    ) {
        self.id = id
        self.lastState = lastState
        self.capabilities = capabilities
        self.home = home
        self.lastSeen = lastSeen
        self.online = online
    }
}
