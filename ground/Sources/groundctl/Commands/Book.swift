import ArgumentParser
import Foundation

/// `groundctl book`: request a delivery with a business key.
struct Book: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Book a delivery (business key).")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Pickup as lat,lon.") var pickup: String
    @Option(help: "Dropoff as lat,lon.") var dropoff: String
    @Option(help: "Package weight in kg.") var weight: Double
    @Option(help: "Package size: small, medium or large.") var size = "small"
    @Option(help: "Earliest pickup (ISO-8601).") var windowStart: String?
    @Option(help: "Latest pickup (ISO-8601).") var windowEnd: String?

    func run() async throws {
        var body: [String: Any] = [
            "pickup": try Self.point(pickup, "--pickup"), "dropoff": try Self.point(dropoff, "--dropoff"),
            "weightKg": weight, "size": size,
        ]
        if let windowStart, let windowEnd { body["window"] = ["start": windowStart, "end": windowEnd] }
        let (data, object) = try await options.client().object(.POST, "/v1/deliveries", body: body)
        if options.json { return Output.raw(data) }
        let eta = object["eta"] as? [String: Any]
        var table = Table(["ID", "STATUS", "ETA PICKUP", "ETA DROPOFF", "REASON"])
        table.add([Output.cell(object["id"]), Output.cell(object["status"]), Output.cell(eta?["pickup"]),
                   Output.cell(eta?["dropoff"]), Output.cell(object["reason"])])
        print(table.render())
    }

    static func point(_ text: String, _ name: String) throws -> [String: Double] {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lat = parts[0], let lon = parts[1] else {
            throw CLIError.invalidArgument(name, "expected lat,lon")
        }
        return ["lat": lat, "lon": lon]
    }
}
