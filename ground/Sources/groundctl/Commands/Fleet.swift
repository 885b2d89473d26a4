import ArgumentParser

/// `groundctl fleet`: every drone with its live state (operator key).
struct Fleet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the fleet with live state (operator).")
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (data, object) = try await options.client().object(.GET, "/v1/fleet")
        if options.json { return Output.raw(data) }
        var table = Table(["DRONE", "ONLINE", "PHASE", "BATTERY%", "POSITION", "DELIVERY", "LAST SEEN"])
        for d in object["drones"] as? [[String: Any]] ?? [] {
            table.add([
                Output.cell(d["droneID"]), Output.cell(d["online"]), Output.cell(d["phase"]), Output.cell(d["batteryPercent"]),
                Output.cell(d["position"]), Output.cell(d["deliveryID"]), Output.cell(d["lastSeen"]),
            ])
        }
        print(table.render())
    }
}
