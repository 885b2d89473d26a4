/// `POST /v1/drones` answer (201): the registry entry and the drone's broker credentials, the only
/// time they are shown.
package struct RegisteredDrone: Codable, Sendable, Hashable {
    package var drone: DroneRegistration
    package var broker: BrokerCredentials
    /// What the operator still has to do on the broker.
    package var note: String

    package init(drone: DroneRegistration, broker: BrokerCredentials, note: String) {
        self.drone = drone
        self.broker = broker
        self.note = note
    }
}
