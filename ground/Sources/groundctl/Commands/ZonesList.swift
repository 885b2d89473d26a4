import ArgumentParser
import GroundAPIModel

/// `groundctl zones list`: the service area's permanent zones, then the operator's.
struct ZonesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List no-fly zones.")
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (data, list) = try await options.client().value(NoFlyZoneListResponse.self, .GET, "/v1/zones")
        if options.json { return Output.raw(data) }
        print(Zones.table(list.zones))
    }
}
