import ArgumentParser
import GroundAPIModel

/// `groundctl audit [--limit N] [--before SEQ]`: the append-only audit log, newest first (dispatcher).
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the audit log, newest first (dispatcher); --before pages further back.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "At most this many (1-500, default 100).") var limit: Int?
    @Option(help: "Only entries before this sequence number (the previous page's last).") var before: Int64?

    func run() async throws {
        var parameters: [String] = []
        if let limit { parameters.append("limit=\(limit)") }
        if let before { parameters.append("before=\(before)") }
        let query = parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")
        let (data, page) = try await options.client().value(AuditListResponse.self, .GET, "/v1/audit\(query)")
        if options.json { return Output.raw(data) }
        var table = Table(["SEQ", "AT", "ACTOR", "ACTION", "SUBJECT", "DETAIL"])
        for entry in page.entries {
            table.add([
                "\(entry.seq)", Output.cell(entry.at), entry.actor, entry.action, entry.subject, entry.detail ?? "-",
            ])
        }
        print(table.render())
        if let next = page.nextBefore { print("more: groundctl audit --before \(next)") }
    }
}
