import Foundation

/// A business's receiver of delivery events.
package struct WebhookEndpoint: Codable, Sendable, Hashable, Identifiable {
    package var id: String
    package var businessID: String
    package var url: String
    package var events: Set<WebhookEvent>
    /// `etaChanged` is sent only when the ETA to the dropoff moves by more than this many minutes.
    package var etaThresholdMinutes: Double
    /// The HMAC-SHA256 signing key, shown to the business once at registration.
    package var secret: String
    package var createdAt: Date
    /// Failed attempts since the last success (any message); an alert opens above the configured limit.
    package var consecutiveFailures: Int

    package init(
        id: String, businessID: String, url: String, events: Set<WebhookEvent>, etaThresholdMinutes: Double,
        secret: String, createdAt: Date, consecutiveFailures: Int = 0
    ) {
        self.id = id
        self.businessID = businessID
        self.url = url
        self.events = events
        self.etaThresholdMinutes = etaThresholdMinutes
        self.secret = secret
        self.createdAt = createdAt
        self.consecutiveFailures = consecutiveFailures
    }
}
