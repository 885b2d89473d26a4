import FleetProtocol
import Foundation

/// What ground control remembers about a drone between restarts.
public struct DroneRecord: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    /// Last retained state message as received (JSON), so the fleet view can be rebuilt verbatim.
    public var lastState: String?
    /// Advertised capabilities (JSON: max payload, cruise speed, range...).
    public var capabilities: String?
    public var home: GeoPoint?
    public var lastSeen: Date?
    public var online: Bool

    public init(
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
