import ArgumentParser
import FleetProtocol
import Foundation
import GroundAPIModel

/// `groundctl zones add --vertex LAT,LON --vertex ... [--starts ...] [--ends ...]`: a temporary zone.
struct ZonesAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a temporary no-fly zone (at least three --vertex).")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Zone id (default: one made by ground).") var id: String?
    @Option(help: "Name shown to operators.") var name: String?
    @Option(name: .customLong("vertex"), help: "A polygon vertex as lat,lon; repeat, in order.") var vertices:
        [String] = []
    @Option(help: "Lowest altitude covered, metres above ground.") var floor: Double?
    @Option(help: "Highest altitude covered, metres above ground.") var ceiling: Double?
    @Option(help: "Start (ISO-8601; default now).") var starts: String?
    @Option(help: "End (ISO-8601; default until removed).") var ends: String?

    func run() async throws {
        let request = NoFlyZoneRequest(
            id: id, name: name, vertices: try vertices.map { try Book.point($0, "--vertex") }, floorM: floor,
            ceilingM: ceiling, startsAt: try starts.map { try Book.date($0, "--starts") },
            endsAt: try ends.map { try Book.date($0, "--ends") })
        let (data, zone) = try await options.client().value(NoFlyZoneResponse.self, .POST, "/v1/zones", body: request)
        if options.json { return Output.raw(data) }
        print(Zones.table([zone]))
    }
}
