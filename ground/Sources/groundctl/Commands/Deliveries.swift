import ArgumentParser
import GroundAPIModel

/// `groundctl deliveries`: list deliveries (a business sees its own, the operator all).
struct Deliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List deliveries.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Only these statuses (comma-separated).") var status: String?
    @Option(help: "Created at or after (ISO-8601).") var from: String?
    @Option(help: "Created before (ISO-8601).") var to: String?
    @Option(help: "Page size (1-200).") var limit: Int = 50
    @Option(help: "Page token from a previous listing.") var cursor: String?

    func run() async throws {
        var query = ["limit=\(limit)"]
        if let status { query.append("status=\(Path.escape(status))") }
        if let from { query.append("from=\(Path.escape(from))") }
        if let to { query.append("to=\(Path.escape(to))") }
        if let cursor { query.append("cursor=\(Path.escape(cursor))") }
        let (data, page) = try await options.client().value(
            DeliveryListResponse.self, .GET, "/v1/deliveries?" + query.joined(separator: "&"))
        if options.json { return Output.raw(data) }
        var table = Table(["ID", "STATUS", "DRONE", "ETA DROPOFF", "CREATED", "REASON"])
        for d in page.items {
            table.add([
                d.id, Output.cell(d.status), Output.cell(d.droneID),
                Output.cell(d.eta.dropoff), Output.cell(d.createdAt), Output.cell(d.reason),
            ])
        }
        print(table.render())
        if let next = page.nextCursor { print("next page: --cursor \(next)") }
    }
}
