import Foundation

/// One HTTP attempt to deliver a message, kept for `GET /v1/webhooks/{id}/attempts`.
package struct WebhookAttempt: Codable, Sendable, Hashable {
    package var messageID: Int64
    package var endpointID: String
    package var deliveryID: String
    package var event: WebhookEvent
    package var at: Date
    /// The receiver's HTTP status; nil when no answer came (refused, timeout).
    package var statusCode: Int?
    /// Why the attempt failed without a status (connection refused, timeout...).
    package var error: String?
    package var durationMs: Int

    package init(
        messageID: Int64, endpointID: String, deliveryID: String, event: WebhookEvent, at: Date, statusCode: Int?,
        error: String?, durationMs: Int
    ) {
        self.messageID = messageID
        self.endpointID = endpointID
        self.deliveryID = deliveryID
        self.event = event
        self.at = at
        self.statusCode = statusCode
        self.error = error
        self.durationMs = durationMs
    }

    enum CodingKeys: String, CodingKey {
        case messageID = "messageId"
        case endpointID = "webhookId"
        case deliveryID = "deliveryId"
        case event, at, statusCode, error, durationMs
    }

    /// A 2xx answer.
    package var succeeded: Bool { statusCode.map { (200..<300).contains($0) } ?? false }
}
