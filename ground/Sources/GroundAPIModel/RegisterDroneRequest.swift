/// `POST /v1/drones` body.
package struct RegisterDroneRequest: Codable, Sendable, Hashable {
    package var droneID: String

    package init(droneID: String) {
        self.droneID = droneID
    }

    enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
    }
}
