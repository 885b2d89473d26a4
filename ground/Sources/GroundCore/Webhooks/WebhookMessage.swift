import Foundation

/// One event for one endpoint in the durable outbox, from enqueue until delivered or given up.
package struct WebhookMessage: Codable, Sendable, Hashable {
    package enum State: String, Codable, Sendable, Hashable {
        /// Waiting for its next attempt.
        case pending
        /// A 2xx answer was received.
        case delivered
        /// Still failing when the retry period ran out.
        case expired
        /// Its endpoint was deleted before it was delivered.
        case dropped
    }

    /// Assigned by the store in enqueue order (0 before); ordering per delivery follows it.
    package var id: Int64
    package var endpointID: String
    /// The delivery the event is about: messages of one endpoint and delivery go out in id order.
    package var deliveryID: String
    package var event: WebhookEvent
    /// Sent as `Idempotency-Key` and as the body's `id`: the same on every retry.
    package var idempotencyKey: String
    /// The exact JSON body, fixed at enqueue so every retry signs and sends the same bytes.
    package var body: String
    package var createdAt: Date
    package var nextAttemptAt: Date
    package var attempts: Int
    package var state: State

    package init(
        id: Int64 = 0, endpointID: String, deliveryID: String, event: WebhookEvent, idempotencyKey: String,
        body: String, createdAt: Date, nextAttemptAt: Date? = nil, attempts: Int = 0, state: State = .pending
    ) {
        self.id = id
        self.endpointID = endpointID
        self.deliveryID = deliveryID
        self.event = event
        self.idempotencyKey = idempotencyKey
        self.body = body
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt ?? createdAt
        self.attempts = attempts
        self.state = state
    }
}
