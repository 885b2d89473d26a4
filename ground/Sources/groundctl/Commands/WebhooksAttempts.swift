import ArgumentParser
import GroundAPIModel

/// `groundctl webhooks attempts ID [--limit N]`: recent delivery attempts, newest first (`pager`: the
/// operator alert pager's, operator key).
struct WebhooksAttempts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attempts", abstract: "Recent delivery attempts of an endpoint, newest first.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Webhook id, or pager for the alert pager.") var webhookID: String
    @Option(help: "At most this many (1-500, default 50).") var limit: Int?

    func run() async throws {
        let query = limit.map { "?limit=\($0)" } ?? ""
        let (data, list) = try await options.client().value(
            WebhookAttemptListResponse.self, .GET, "/v1/webhooks/\(Path.escape(webhookID))/attempts\(query)")
        if options.json { return Output.raw(data) }
        var table = Table(["AT", "MESSAGE", "DELIVERY", "EVENT", "STATUS", "ERROR", "MS"])
        for attempt in list.attempts {
            table.add([
                Output.cell(attempt.at), "\(attempt.messageID)", attempt.deliveryID, attempt.event.rawValue,
                Output.cell(attempt.statusCode), attempt.error ?? "-", "\(attempt.durationMs)",
            ])
        }
        print(table.render())
    }
}
