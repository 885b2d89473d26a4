import ArgumentParser
import Foundation
import GroundAPIModel

/// `groundctl maintenance <drone> [--out-of-service REASON | --in-service | --service [--note N]]`:
/// a drone's wear since its last service, and the operator's maintenance actions.
struct Maintenance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Show a drone's flight hours and battery cycles since its last service; take it out of or back into service, or record a service (operator key)."
    )
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Drone id.") var drone: String
    @Option(help: "Take the drone out of service (never dispatched) with this reason.") var outOfService: String?
    @Flag(help: "Return the drone to service.") var inService = false
    @Flag(help: "Record a service now (resets the wear counted).") var service = false
    @Option(help: "Note recorded with --service.") var note: String?

    func validate() throws {
        let actions = [outOfService != nil, inService, service].filter { $0 }.count
        if actions > 1 { throw ValidationError("choose one of --out-of-service, --in-service, --service") }
        if note != nil, !service { throw ValidationError("--note goes with --service") }
    }

    func run() async throws {
        let base = "/v1/drones/\(Path.escape(drone))"
        let client = options.client()
        let (data, report): (Data, MaintenanceReport)
        if let outOfService {
            (data, report) = try await client.value(
                MaintenanceReport.self, .POST, base + "/out-of-service", body: MaintenanceRequest(reason: outOfService))
        } else if inService {
            (data, report) = try await client.value(MaintenanceReport.self, .POST, base + "/in-service")
        } else if service {
            (data, report) = try await client.value(
                MaintenanceReport.self, .POST, base + "/service", body: MaintenanceRequest(note: note))
        } else {
            (data, report) = try await client.value(MaintenanceReport.self, .GET, base + "/maintenance")
        }
        if options.json { return Output.raw(data) }
        var table = Table(["DRONE", "IN SERVICE", "FLIGHT HOURS", "BATTERY CYCLES", "LAST SERVICE", "DUE", "REASON"])
        table.add([
            report.droneID, Output.cell(report.inService), String(format: "%.2f", report.flightHours),
            String(format: "%.2f", report.batteryCycles), Output.cell(report.lastServiceAt),
            report.due.isEmpty ? "-" : report.due.joined(separator: ","), Output.cell(report.outOfService?.reason),
        ])
        print(table.render())
    }
}
