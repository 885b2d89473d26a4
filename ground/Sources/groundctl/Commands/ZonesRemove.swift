import ArgumentParser
import GroundAPIModel

/// `groundctl zones remove ID`: deletes a temporary zone.
struct ZonesRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a temporary no-fly zone.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Zone id.") var zoneID: String

    func run() async throws {
        let (data, zone) = try await options.client().value(
            NoFlyZoneResponse.self, .DELETE, "/v1/zones/\(Path.escape(zoneID))")
        if options.json { return Output.raw(data) }
        print(Zones.table([zone]))
    }
}
