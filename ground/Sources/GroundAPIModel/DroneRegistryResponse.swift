/// `GET /v1/drones`: every registered drone, active and retired, by id.
package struct DroneRegistryResponse: Codable, Sendable, Hashable {
    package var drones: [DroneRegistration]

    package init(drones: [DroneRegistration]) {
        self.drones = drones
    }
}
