import ArgumentParser
import GroundAPIModel

/// `groundctl webhooks list|add|remove|attempts`: webhook endpoints. A business key manages its own;
/// an operator key lists and removes any, and reads the attempts of any (`pager`: the alert pager's).
struct Webhooks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, add and remove webhook endpoints and read their delivery attempts.",
        subcommands: [WebhooksList.self, WebhooksAdd.self, WebhooksRemove.self, WebhooksAttempts.self]
    )

    /// The table both `add` and `list` print.
    static func table(_ webhooks: [WebhookResponse]) -> String {
        var table = Table(["WEBHOOK", "BUSINESS", "URL", "EVENTS", "ETA MIN", "FAILURES", "CREATED"])
        for webhook in webhooks {
            table.add([
                webhook.id, webhook.businessID, webhook.url, webhook.events.map(\.rawValue).joined(separator: ","),
                Output.cell(webhook.etaThresholdMinutes), "\(webhook.consecutiveFailures)",
                Output.cell(webhook.createdAt),
            ])
        }
        return table.render()
    }
}
