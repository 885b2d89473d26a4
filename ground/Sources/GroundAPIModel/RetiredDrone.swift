/// `POST /v1/drones/{droneId}/retire` answer: the entry, now retired, and what the operator still
/// has to do (ground cannot reach the broker's password file).
package struct RetiredDrone: Codable, Sendable, Hashable {
    package var drone: DroneRegistration
    package var note: String

    package init(drone: DroneRegistration, note: String) {
        self.drone = drone
        self.note = note
    }
}
