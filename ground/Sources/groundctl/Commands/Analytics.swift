import ArgumentParser
import Foundation
import GroundAPIModel
import GroundCore

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
        "totalDeliveries", "deliveredCount", "cancelledCount", "failedCount", "meanDeliverySeconds",
        "p95DeliverySeconds",
        "onTimeRate", "onTimeToleranceSeconds", "deadlineMetRate", "withDeadlineCount", "etaMeanAbsoluteErrorSeconds",
        "etaMeanSignedErrorSeconds",
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
        if deliveries {
            let (data, answer) = try await options.client().value(AnalyticsRows.self, .GET, path)
            return options.json ? Output.raw(data) : printRows(answer.rows)
        }
        let (data, report) = try await options.client().value(AnalyticsReport.self, .GET, path)
        if options.json { return Output.raw(data) }
        try printReport(report)
    }

    private func printReport(_ report: AnalyticsReport) throws {
        // The summary lists fields by their API names, as the JSON shows them.
        guard let fields = try Output.json(report) as? [String: Any] else {
            throw CLIError.badResponse("analytics report")
        }
        var summary = Table(["METRIC", "VALUE"])
        for key in Self.summaryKeys { summary.add([key, Output.cell(fields[key])]) }
        print(summary.render())
        if !report.deliveriesPerDay.isEmpty {
            var table = Table(["DAY", "DELIVERED"])
            for day in report.deliveriesPerDay { table.add([day.day, Output.cell(day.delivered)]) }
            print("\n" + table.render())
        }
        if !report.droneUtilisation.isEmpty {
            var table = Table(["DRONE", "FLIGHT S", "UTILISATION"])
            for drone in report.droneUtilisation {
                table.add([drone.droneID, Output.cell(drone.flightSeconds), Output.cell(drone.utilisation)])
            }
            print("\n" + table.render())
        }
    }

    private func printRows(_ rows: [[String: AnalyticsValue]]) {
        guard let first = rows.first else { return print("no deliveries in range") }
        let columns = first.keys.sorted()
        var table = Table(columns.map { $0.uppercased() })
        for row in rows { table.add(columns.map { column in row[column].map { Output.cell($0) } ?? "-" }) }
        print(table.render())
    }
}
