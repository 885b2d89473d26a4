import GroundCore

/// `GET /v1/webhooks/{id}/attempts`, newest first.
package struct WebhookAttemptListResponse: Codable, Sendable, Hashable {
    package var attempts: [WebhookAttempt]

    package init(attempts: [WebhookAttempt]) { self.attempts = attempts }
}
