import ArgumentParser
import Foundation

/// `groundctl analytics`: the analytics report as a table or CSV (operator key).
struct Analytics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show analytics (operator).")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Range start (ISO-8601).") var from: String?
    @Option(help: "Range end (ISO-8601).") var to: String?
    @Flag(help: "Print CSV as served by the API.") var csv = false

    func run() async throws {
        var query = ["format=\(csv ? "csv" : "json")"]
        if let from { query.append("from=\(Path.escape(from))") }
        if let to { query.append("to=\(Path.escape(to))") }
        let path = "/v1/analytics?" + query.joined(separator: "&")
        if csv {
            return print(String(decoding: try await options.client().send(.GET, path), as: UTF8.self), terminator: "")
        }
        let (data, object) = try await options.client().object(.GET, path)
        if options.json { return Output.raw(data) }
        let rows = object["rows"] as? [[String: Any]] ?? []
        guard let first = rows.first else { return print("no data in range") }
        let columns = first.keys.sorted()
        var table = Table(columns.map { $0.uppercased() })
        for row in rows { table.add(columns.map { Output.cell(row[$0]) }) }
        print(table.render())
    }
}
