import ArgumentParser
import GroundAPIModel
import GroundCore

/// `groundctl webhooks add URL --event E [--event E...] [--eta-threshold MIN]` (business key): the
/// signing secret is printed this once.
struct WebhooksAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Register a webhook endpoint (business key); prints its secret once.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Receiver URL (http or https).") var url: String
    @Option(
        name: .customLong("event"),
        help: "Event to send; repeat. One of: \(WebhookEvent.businessEvents.map(\.rawValue).joined(separator: ", ")).")
    var events: [String] = []
    @Option(help: "Minutes the dropoff ETA must move before etaChanged is sent (default 5).")
    var etaThreshold: Double?

    func run() async throws {
        guard !events.isEmpty else { throw CLIError.invalidArgument("--event", "give at least one") }
        let parsed = try events.map { name in
            guard let event = WebhookEvent(rawValue: name), event != .alert else {
                throw CLIError.invalidArgument(
                    "--event",
                    "\(name) is not one of \(WebhookEvent.businessEvents.map(\.rawValue).joined(separator: ", "))")
            }
            return event
        }
        let (data, created) = try await options.client().value(
            CreatedWebhookResponse.self, .POST, "/v1/webhooks",
            body: CreateWebhookRequest(url: url, events: parsed, etaThresholdMinutes: etaThreshold))
        if options.json { return Output.raw(data) }
        print(Webhooks.table([created.webhook]))
        print("secret: \(created.secret) (shown once: verify the SkyRelay-Signature header with it)")
    }
}
