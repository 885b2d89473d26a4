/// The answer to registering an endpoint: the only time its signing secret is shown.
package struct CreatedWebhookResponse: Codable, Sendable, Hashable {
    package var webhook: WebhookResponse
    package var secret: String

    package init(webhook: WebhookResponse, secret: String) {
        self.webhook = webhook
        self.secret = secret
    }
}
