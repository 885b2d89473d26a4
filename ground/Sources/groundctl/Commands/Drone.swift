import ArgumentParser
import GroundCore

/// `groundctl drone <id>`: one drone's live state (operator key).
struct Drone: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one drone (operator).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Drone id.") var id: String

    func run() async throws {
        let (data, drone) = try await options.client().value(DroneLiveState.self, .GET, "/v1/fleet/\(Path.escape(id))")
        options.json ? Output.raw(data) : print(try Output.detail(drone))
    }
}
