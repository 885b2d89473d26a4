/// `GET /v1/zones`: the permanent zones of the service area, then the operator's, expired ones included
/// until deleted (`active` tells).
package struct NoFlyZoneListResponse: Codable, Sendable, Hashable {
    package var zones: [NoFlyZoneResponse]

    package init(zones: [NoFlyZoneResponse]) {
        self.zones = zones
    }
}
