/// Body of `POST /v1/drones/{droneId}/out-of-service` (`reason` required) and `.../service` (`note`
/// optional).
package struct MaintenanceRequest: Codable, Sendable, Hashable {
    package var reason: String?
    package var note: String?

    package init(reason: String? = nil, note: String? = nil) {
        self.reason = reason
        self.note = note
    }
}
