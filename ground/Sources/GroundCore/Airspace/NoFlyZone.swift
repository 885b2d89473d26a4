import FleetProtocol
import Foundation

/// An area drones must not enter, between an optional floor and ceiling (metres above ground).
///
/// Permanent zones come from the service-area file (its holes and its `no-fly` features); temporary
/// zones are added by an operator, stored by ground, and hold from `startsAt` until `endsAt`.
package struct NoFlyZone: Sendable, Hashable, Codable {
    package enum Origin: String, Sendable, Hashable, Codable {
        /// A hole in a service-area polygon.
        case serviceAreaHole
        /// A `no-fly` feature of the service-area file.
        case permanent
        /// Added by an operator (API, groundctl, fleet map).
        case temporary
    }

    package var id: String
    package var name: String?
    package var polygon: Geofence
    package var floorM: Double?
    package var ceilingM: Double?
    /// When a temporary zone takes effect; nil: at once.
    package var startsAt: Date?
    /// When a temporary zone ends; nil: never.
    package var endsAt: Date?
    package var origin: Origin

    package init(
        id: String, name: String? = nil, polygon: Geofence, floorM: Double? = nil, ceilingM: Double? = nil,
        startsAt: Date? = nil, endsAt: Date? = nil, origin: Origin = .temporary
    ) {
        self.id = id
        self.name = name
        self.polygon = polygon
        self.floorM = floorM
        self.ceilingM = ceilingM
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.origin = origin
    }

    /// Whether the zone holds at `date`.
    package func isActive(at date: Date) -> Bool {
        if let startsAt, date < startsAt { return false }
        if let endsAt, date >= endsAt { return false }
        return true
    }

    /// Whether a flight between the ground and `cruiseAltitudeM` passes through the zone's altitude band
    /// (take-off and landing cross every altitude below cruise, so only a floor above cruise lets a drone
    /// overfly the zone).
    package func restricts(cruiseAltitudeM: Double) -> Bool {
        if let floorM, floorM > cruiseAltitudeM { return false }
        if let ceilingM, ceilingM < 0 { return false }
        return true
    }

    /// The zone as the autopilot's exclusion fence.
    package var exclusion: ExclusionZone { ExclusionZone(zoneID: id, vertices: polygon.vertices) }
}
