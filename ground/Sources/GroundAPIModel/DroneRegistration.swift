import Foundation
import GroundCore

/// One entry of the drone registry as the API shows it (`GET /v1/drones`, retire).
package struct DroneRegistration: Codable, Sendable, Hashable {
    package var droneID: String
    package var status: ProvisionedDrone.Status
    package var registeredAt: Date
    package var retiredAt: Date?

    package init(_ drone: ProvisionedDrone) {
        droneID = drone.id
        status = drone.status
        registeredAt = drone.registeredAt
        retiredAt = drone.retiredAt
    }

    enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case status, registeredAt, retiredAt
    }
}
