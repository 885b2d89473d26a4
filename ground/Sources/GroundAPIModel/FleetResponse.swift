import GroundCore

/// `GET /v1/fleet` answer; `GET /v1/fleet/{id}` is one ``DroneLiveState``.
package struct FleetResponse: Codable, Sendable, Hashable {
    package var drones: [DroneLiveState]

    package init(drones: [DroneLiveState]) {
        self.drones = drones
    }
}
