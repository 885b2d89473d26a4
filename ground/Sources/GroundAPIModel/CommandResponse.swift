import GroundCore

/// The answer to a recall / land-now command.
package struct CommandResponse: Codable, Sendable, Hashable {
    package var droneID: String
    package var command: FleetCommand
    package var status: String

    package init(droneID: String, command: FleetCommand, status: String) {
        self.droneID = droneID
        self.command = command
        self.status = status
    }
    enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case command, status
    }
}
