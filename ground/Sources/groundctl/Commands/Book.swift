import ArgumentParser
import FleetProtocol
import Foundation
import GroundAPIModel
import GroundCore

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
    @Option(help: "Latest dropoff (ISO-8601).") var deadline: String?
    @Option(help: "Priority: standard or express.") var priority: String?

    func run() async throws {
        let (data, delivery) = try await options.client().value(
            DeliveryResponse.self, .POST, "/v1/deliveries", body: try request())
        if options.json { return Output.raw(data) }
        var table = Table(["ID", "STATUS", "ETA PICKUP", "ETA DROPOFF", "± S", "LATE S", "REASON"])
        table.add([
            delivery.id, Output.cell(delivery.status), Output.cell(delivery.eta.pickup),
            Output.cell(delivery.eta.dropoff), Output.cell(delivery.eta.marginSeconds.map { Int($0) }),
            Output.cell(delivery.lateBySeconds.map { Int($0) }), Output.cell(delivery.reason),
        ])
        print(table.render())
    }

    /// The booking as the API decodes it. Ranges and the service area are the server's to check (it
    /// names the field); what cannot even be written as a request is refused here.
    func request() throws -> DeliveryRequest {
        guard let size = PackageSize(rawValue: size) else {
            throw CLIError.invalidArgument("--size", "expected small, medium or large")
        }
        var window: DeliveryWindow?
        // One bound alone is no window: the server needs both, so the CLI says which is missing.
        if (windowStart == nil) != (windowEnd == nil) {
            throw CLIError.invalidArgument(
                windowStart == nil ? "--window-start" : "--window-end", "--window-start and --window-end go together")
        }
        if let windowStart, let windowEnd {
            window = DeliveryWindow(
                start: try Self.date(windowStart, "--window-start"), end: try Self.date(windowEnd, "--window-end"))
        }
        var level: DeliveryPriority?
        if let priority {
            guard let parsed = DeliveryPriority(rawValue: priority) else {
                throw CLIError.invalidArgument("--priority", "expected standard or express")
            }
            level = parsed
        }
        return DeliveryRequest(
            pickup: try Self.point(pickup, "--pickup"), dropoff: try Self.point(dropoff, "--dropoff"),
            weightKg: weight, size: size, window: window,
            deadline: try deadline.map { try Self.date($0, "--deadline") }, priority: level)
    }

    static func point(_ text: String, _ name: String) throws -> GeoPoint {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lat = parts[0], let lon = parts[1] else {
            throw CLIError.invalidArgument(name, "expected lat,lon")
        }
        return GeoPoint(lat: lat, lon: lon)
    }

    static func date(_ text: String, _ name: String) throws -> Date {
        guard let date = GroundJSON.parseDate(text) else {
            throw CLIError.invalidArgument(name, "expected an ISO-8601 date")
        }
        return date
    }
}
