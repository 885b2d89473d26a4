import ArgumentParser
import GroundAPIModel

/// `groundctl drones retire ID`: the drone is never dispatched again; its broker account is the
/// operator's to remove (printed).
struct DronesRetire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire", abstract: "Retire a drone (never dispatched again).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Drone id.") var droneID: String

    func run() async throws {
        let (data, retired) = try await options.client().value(
            RetiredDrone.self, .POST, "/v1/drones/\(Path.escape(droneID))/retire")
        if options.json { return Output.raw(data) }
        var table = Table(["DRONE", "STATUS", "RETIRED"])
        table.add([retired.drone.droneID, retired.drone.status.rawValue, Output.cell(retired.drone.retiredAt)])
        print(table.render())
        print(retired.note)
    }
}
