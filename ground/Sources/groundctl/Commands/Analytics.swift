import ArgumentParser
import Foundation

/// `groundctl analytics`: the aggregate report (summary, deliveries per day, drone utilisation) or,
/// with `--deliveries`, one row per delivery; as tables or CSV (operator key).
struct Analytics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show analytics (operator): delivery times, on-time rate, ETA error, utilisation, energy.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Range start (ISO-8601); default 30 days before --to.") var from: String?
    @Option(help: "Range end (ISO-8601); default now.") var to: String?
    @Flag(help: "Print CSV as served by the API.") var csv = false
    @Flag(help: "One row per delivery instead of the aggregate report.") var deliveries = false

    /// Summary fields in display order.
    static let summaryKeys = [
        "totalDeliveries", "deliveredCount", "cancelledCount", "failedCount", "meanDeliverySeconds", "p95DeliverySeconds",
        "onTimeRate", "onTimeToleranceSeconds", "etaMeanAbsoluteErrorSeconds", "etaMeanSignedErrorSeconds",
        "etaP95AbsoluteErrorSeconds", "meanEnergyPerDeliveryWh",
    ]

    func run() async throws {
        var query = ["format=\(csv ? "csv" : "json")"]
        if let from { query.append("from=\(Path.escape(from))") }
        if let to { query.append("to=\(Path.escape(to))") }
        let path = (deliveries ? "/v1/analytics/deliveries?" : "/v1/analytics?") + query.joined(separator: "&")
        if csv {
            return print(String(decoding: try await options.client().send(.GET, path), as: UTF8.self), terminator: "")
        }
        let (data, object) = try await options.client().object(.GET, path)
        if options.json { return Output.raw(data) }
        deliveries ? printRows(object) : printReport(object)
    }

    private func printReport(_ report: [String: Any]) {
        var summary = Table(["METRIC", "VALUE"])
        for key in Self.summaryKeys { summary.add([key, Output.cell(report[key])]) }
        print(summary.render())
        if let days = report["deliveriesPerDay"] as? [[String: Any]], !days.isEmpty {
            var table = Table(["DAY", "DELIVERED"])
            for day in days { table.add([Output.cell(day["day"]), Output.cell(day["delivered"])]) }
            print("\n" + table.render())
        }
        if let drones = report["droneUtilisation"] as? [[String: Any]], !drones.isEmpty {
            var table = Table(["DRONE", "FLIGHT S", "UTILISATION"])
            for drone in drones {
                table.add([Output.cell(drone["droneID"]), Output.cell(drone["flightSeconds"]), Output.cell(drone["utilisation"])])
            }
            print("\n" + table.render())
        }
    }

    private func printRows(_ object: [String: Any]) {
        let rows = object["rows"] as? [[String: Any]] ?? []
        guard let first = rows.first else { return print("no deliveries in range") }
        let columns = first.keys.sorted()
        var table = Table(columns.map { $0.uppercased() })
        for row in rows { table.add(columns.map { Output.cell(row[$0]) }) }
        print(table.render())
    }
}
