import ArgumentParser
import GroundAPIModel

/// `groundctl webhooks list`: the caller's endpoints (every business's for an operator).
struct WebhooksList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List webhook endpoints.")
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (data, list) = try await options.client().value(WebhookListResponse.self, .GET, "/v1/webhooks")
        if options.json { return Output.raw(data) }
        print(Webhooks.table(list.webhooks))
    }
}
