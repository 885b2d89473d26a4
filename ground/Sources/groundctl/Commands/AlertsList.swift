import ArgumentParser
import GroundAPIModel

/// `groundctl alerts list [--all] [--limit N]`: unresolved alerts (with `--all` resolved ones too), newest first.
struct AlertsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List unresolved alerts (--all: resolved ones too), newest first.")
    @OptionGroup var options: GlobalOptions
    @Flag(help: "Include resolved alerts.") var all = false
    @Option(help: "At most this many (1-500, default 100).") var limit: Int?

    func run() async throws {
        var query = "?state=\(all ? "all" : "unresolved")"
        if let limit { query += "&limit=\(limit)" }
        let (data, list) = try await options.client().value(AlertListResponse.self, .GET, "/v1/alerts\(query)")
        if options.json { return Output.raw(data) }
        print(Alerts.table(list.alerts))
    }
}
