import FleetProtocol
import Foundation
import GroundCore

/// One no-fly zone as the API shows it (`GET /v1/zones`, create, delete).
package struct NoFlyZoneResponse: Codable, Sendable, Hashable {
    package var id: String
    package var name: String?
    package var vertices: [GeoPoint]
    package var floorM: Double?
    package var ceilingM: Double?
    package var startsAt: Date?
    package var endsAt: Date?
    /// `serviceAreaHole` and `permanent` come from the service-area file; `temporary` from an operator.
    package var origin: NoFlyZone.Origin
    /// Whether routes avoid it now.
    package var active: Bool

    package init(_ zone: NoFlyZone, now: Date) {
        id = zone.id
        name = zone.name
        vertices = zone.polygon.vertices
        floorM = zone.floorM
        ceilingM = zone.ceilingM
        startsAt = zone.startsAt
        endsAt = zone.endsAt
        origin = zone.origin
        active = zone.isActive(at: now)
    }
}
