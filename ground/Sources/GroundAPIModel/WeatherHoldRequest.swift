import FleetProtocol
import Foundation

/// `POST /v1/weather-holds` body: "no launches above these winds" for an area or the whole service area.
package struct WeatherHoldRequest: Codable, Sendable, Hashable {
    package var id: String?
    /// The held area's polygon; absent: the whole service area.
    package var area: [GeoPoint]?
    package var maxWindMps: Double?
    package var maxGustMps: Double?
    /// When the hold lapses; absent: until deleted.
    package var until: Date?

    package init(
        id: String? = nil, area: [GeoPoint]? = nil, maxWindMps: Double? = nil, maxGustMps: Double? = nil,
        until: Date? = nil
    ) {
        self.id = id
        self.area = area
        self.maxWindMps = maxWindMps
        self.maxGustMps = maxGustMps
        self.until = until
    }
}
