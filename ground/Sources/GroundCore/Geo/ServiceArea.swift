import FleetProtocol
import Foundation

/// Where deliveries may be booked and drones may fly: a union of FleetProtocol ``Geofence`` polygons,
/// loaded from GeoJSON. An empty area means "everywhere" (no area configured). The file's permanent
/// no-fly zones (holes of the polygons and `no-fly` features) come with it.
package struct ServiceArea: Sendable, Hashable, Codable {
    package var polygons: [Geofence]
    /// Permanent no-fly zones: holes of `polygons` and separate zone polygons.
    package var zones: [NoFlyZone]

    package static let unrestricted = ServiceArea(polygons: [])

    package init(polygons: [Geofence], zones: [NoFlyZone] = []) {
        self.polygons = polygons
        self.zones = zones
    }

    /// One polygon.
    package init(_ fence: Geofence) {
        self.init(polygons: [fence])
    }

    /// Whether no polygon restricts anything.
    package var isUnrestricted: Bool { polygons.isEmpty }

    /// Whether `point` lies in one of the polygons (or the area is unrestricted).
    package func contains(_ point: GeoPoint) -> Bool {
        polygons.isEmpty || polygons.contains { $0.contains(point) }
    }

    /// Whether the straight leg `from`→`to` stays inside one polygon (or the area is unrestricted).
    package func containsLeg(from: GeoPoint, to: GeoPoint) -> Bool {
        polygons.isEmpty || polygons.contains { $0.containsSegment(from, to) }
    }
}
