import ArgumentParser
import GroundAPIModel

/// `groundctl fleet`: every drone with its live state (operator key).
struct Fleet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the fleet with live state (operator).")
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (data, fleet) = try await options.client().value(FleetResponse.self, .GET, "/v1/fleet")
        if options.json { return Output.raw(data) }
        var table = Table(["DRONE", "ONLINE", "PHASE", "BATTERY%", "POSITION", "DELIVERY", "LAST SEEN"])
        for d in fleet.drones {
            table.add([
                d.droneID, Output.cell(d.online), Output.cell(d.phase), Output.cell(d.batteryPercent),
                d.position.map { "\(Output.cell($0.lat)),\(Output.cell($0.lon))" } ?? "-", Output.cell(d.deliveryID),
                Output.cell(d.lastSeen),
            ])
        }
        print(table.render())
    }
}
