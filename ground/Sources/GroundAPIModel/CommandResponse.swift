import GroundCore

/// The answer to a recall / land-now command.
package struct CommandResponse: Codable, Sendable, Hashable {
    package var droneId: String
    package var command: FleetCommand
    package var status: String

    package init(droneId: String, command: FleetCommand, status: String) {
        self.droneId = droneId
        self.command = command
        self.status = status
    }
}
