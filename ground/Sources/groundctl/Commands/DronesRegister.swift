import ArgumentParser
import GroundAPIModel

/// `groundctl drones register ID`: provisions a drone and prints its broker credentials (shown once).
struct DronesRegister: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register", abstract: "Register a drone and print its broker credentials (shown once).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Drone id (its MQTT topic level and broker user name).") var droneID: String

    func run() async throws {
        let (data, registered) = try await options.client().value(
            RegisteredDrone.self, .POST, "/v1/drones", body: RegisterDroneRequest(droneID: droneID))
        if options.json { return Output.raw(data) }
        var table = Table(["DRONE", "STATUS", "REGISTERED", "BROKER USER", "BROKER PASSWORD (shown once)"])
        table.add([
            registered.drone.droneID, registered.drone.status.rawValue, Output.cell(registered.drone.registeredAt),
            registered.broker.username, registered.broker.password,
        ])
        print(table.render())
        print(registered.note)
    }
}
