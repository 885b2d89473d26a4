import Foundation

/// The JSON body of a webhook delivery (documented in docs/operations.md).
package struct WebhookPayload: Codable, Sendable, Hashable {
    package struct Data: Codable, Sendable, Hashable {
        package var deliveryID: String
        package var status: DeliveryStatus
        package var etaPickup: Date?
        package var etaDropoff: Date?
        /// With `etaChanged`: the ETA to the dropoff before the change.
        package var previousETADropoff: Date?
        package var reason: String?

        enum CodingKeys: String, CodingKey {
            case deliveryID = "deliveryId"
            case status, etaPickup, etaDropoff
            case previousETADropoff = "previousEtaDropoff"
            case reason
        }
    }

    /// The idempotency key: the same on every retry of this message.
    package var id: String
    package var event: WebhookEvent
    package var createdAt: Date
    package var data: Data

    /// Sorted keys and ISO 8601 times, so the body is stable and easy to read in a receiver's log.
    package func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            // Plain strings, finite dates and enums always encode; reaching this is a programming error.
            preconditionFailure("webhook payload not encodable: \(error)")
        }
    }
}
