import GroundCore

/// `POST /v1/deliveries/{id}/override` body.
package struct OverrideRequest: Codable, Sendable, Hashable {
    package var action: OverrideAction
    package var reason: String?
    /// The chosen drone of `assign`.
    package var droneID: String?

    package init(action: OverrideAction, reason: String? = nil, droneID: String? = nil) {
        self.action = action
        self.reason = reason
        self.droneID = droneID
    }
    enum CodingKeys: String, CodingKey {
        case action, reason
        case droneID = "droneId"
    }
}
