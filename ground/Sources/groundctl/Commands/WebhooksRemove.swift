import ArgumentParser
import Foundation

/// `groundctl webhooks remove ID`: deletes the endpoint; its undelivered messages are dropped.
struct WebhooksRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a webhook endpoint (its undelivered messages are dropped).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Webhook id.") var webhookID: String

    func run() async throws {
        _ = try await options.client().send(.DELETE, "/v1/webhooks/\(Path.escape(webhookID))")
        try Output.removed(webhookID, json: options.json)
    }
}
