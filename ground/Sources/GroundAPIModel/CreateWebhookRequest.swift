import GroundCore

/// `POST /v1/webhooks` body.
package struct CreateWebhookRequest: Codable, Sendable, Hashable {
    package var url: String
    package var events: [WebhookEvent]
    /// Minutes the ETA must move before `etaChanged` is sent (default 5).
    package var etaThresholdMinutes: Double?

    package init(url: String, events: [WebhookEvent], etaThresholdMinutes: Double? = nil) {
        self.url = url
        self.events = events
        self.etaThresholdMinutes = etaThresholdMinutes
    }
}
