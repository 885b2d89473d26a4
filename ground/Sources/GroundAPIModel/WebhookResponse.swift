import Foundation
import GroundCore

/// A webhook endpoint as the API shows it (never its secret).
package struct WebhookResponse: Codable, Sendable, Hashable {
    package var id: String
    package var businessID: String
    package var url: String
    package var events: [WebhookEvent]
    package var etaThresholdMinutes: Double
    package var createdAt: Date
    /// Failed attempts since the last success.
    package var consecutiveFailures: Int

    package init(_ endpoint: WebhookEndpoint) {
        id = endpoint.id
        businessID = endpoint.businessID
        url = endpoint.url
        events = WebhookEvent.allCases.filter(endpoint.events.contains)
        etaThresholdMinutes = endpoint.etaThresholdMinutes
        createdAt = endpoint.createdAt
        consecutiveFailures = endpoint.consecutiveFailures
    }

    enum CodingKeys: String, CodingKey {
        case id
        case businessID = "businessId"
        case url, events, etaThresholdMinutes, createdAt, consecutiveFailures
    }
}
