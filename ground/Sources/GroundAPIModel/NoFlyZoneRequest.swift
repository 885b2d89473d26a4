import FleetProtocol
import Foundation

/// `POST /v1/zones` body: a temporary no-fly zone (for example around a fire).
package struct NoFlyZoneRequest: Codable, Sendable, Hashable {
    /// Optional id (ground makes one when absent); reported back in fence-breach alarms.
    package var id: String?
    package var name: String?
    /// The polygon, at least 3 vertices, not crossing itself (the closing edge is implicit).
    package var vertices: [GeoPoint]
    package var floorM: Double?
    package var ceilingM: Double?
    /// When the zone takes effect; absent: at once.
    package var startsAt: Date?
    /// When it ends; absent: until deleted.
    package var endsAt: Date?

    package init(
        id: String? = nil, name: String? = nil, vertices: [GeoPoint], floorM: Double? = nil, ceilingM: Double? = nil,
        startsAt: Date? = nil, endsAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.vertices = vertices
        self.floorM = floorM
        self.ceilingM = ceilingM
        self.startsAt = startsAt
        self.endsAt = endsAt
    }
}
