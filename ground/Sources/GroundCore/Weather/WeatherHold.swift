import FleetProtocol
import Foundation

/// An operator's go/no-go limit on wind: no launches for deliveries in `area` (nil: the whole service
/// area) while a drone there measures wind above `maxWindMps` or gusts above `maxGustMps`.
package struct WeatherHold: Sendable, Hashable, Codable {
    package var id: String
    package var area: Geofence?
    package var maxWindMps: Double?
    package var maxGustMps: Double?
    /// When the hold lapses; nil: until deleted.
    package var until: Date?

    package init(
        id: String, area: Geofence? = nil, maxWindMps: Double? = nil, maxGustMps: Double? = nil, until: Date? = nil
    ) {
        self.id = id
        self.area = area
        self.maxWindMps = maxWindMps
        self.maxGustMps = maxGustMps
        self.until = until
    }

    package func isActive(at date: Date) -> Bool { until.map { date < $0 } ?? true }

    package func covers(_ point: GeoPoint) -> Bool { area?.contains(point) ?? true }

    /// Checks limits, area and end (400 naming the field).
    package func validate(now: Date) throws(ZoneValidationError) {
        guard maxWindMps != nil || maxGustMps != nil else {
            throw ZoneValidationError(
                field: "maxWindMps", code: "missing", message: "give maxWindMps, maxGustMps or both")
        }
        for (field, value) in [("maxWindMps", maxWindMps), ("maxGustMps", maxGustMps)] {
            if let value, !(value.isFinite && value > 0 && value <= 100) {
                throw ZoneValidationError(
                    field: field, code: "out_of_range", message: "\(field) must be in (0, 100] m/s")
            }
        }
        if let until, until <= now {
            throw ZoneValidationError(field: "until", code: "in_the_past", message: "until is in the past")
        }
        if let area {
            let projection = LocalProjection(origin: area.vertices[0])
            if let (i, j) = Planar.selfIntersection(area.vertices.map(projection.project)) {
                throw ZoneValidationError(
                    field: "area", code: "self_intersecting",
                    message: "the area crosses itself (edges from area[\(i)] and area[\(j)])")
            }
        }
    }

    /// The first reading in the area above a limit, described for the delivery's `reason`; nil: go.
    package func violation(among readings: [WindReading]) -> String? {
        for reading in readings where covers(reading.position) {
            let speed = reading.wind.speedMps
            if let maxWindMps, speed > maxWindMps {
                return
                    "weather hold \(id): wind \(Self.format(speed)) m/s measured by \(reading.droneID) is above \(Self.format(maxWindMps)) m/s"
            }
            if let maxGustMps, let gust = reading.wind.gustMps, gust > maxGustMps {
                return
                    "weather hold \(id): gusts \(Self.format(gust)) m/s measured by \(reading.droneID) are above \(Self.format(maxGustMps)) m/s"
            }
        }
        return nil
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
