/// `GET /v1/webhooks`.
package struct WebhookListResponse: Codable, Sendable, Hashable {
    package var webhooks: [WebhookResponse]

    package init(webhooks: [WebhookResponse]) { self.webhooks = webhooks }
}
