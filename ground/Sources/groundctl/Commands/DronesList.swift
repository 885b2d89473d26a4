import ArgumentParser
import GroundAPIModel

/// `groundctl drones list`: every registered drone, active and retired.
struct DronesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List registered drones.")
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (data, registry) = try await options.client().value(DroneRegistryResponse.self, .GET, "/v1/drones")
        if options.json { return Output.raw(data) }
        var table = Table(["DRONE", "STATUS", "REGISTERED", "RETIRED"])
        for drone in registry.drones {
            table.add([
                drone.droneID, drone.status.rawValue, Output.cell(drone.registeredAt), Output.cell(drone.retiredAt),
            ])
        }
        print(table.render())
    }
}
