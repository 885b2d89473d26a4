import Foundation

/// Persistence of webhook endpoints, the durable outbox and the attempts (both ground stores).
package protocol WebhookStore: Sendable {
    func insertWebhook(_ endpoint: WebhookEndpoint) async throws(StoreError)
    func webhook(id: String) async throws(StoreError) -> WebhookEndpoint?
    /// Endpoints of a business, or of every business when `businessID` is nil, by id.
    func webhooks(businessID: String?) async throws(StoreError) -> [WebhookEndpoint]
    /// Removes an endpoint and drops its undelivered messages; says whether it existed.
    func deleteWebhook(id: String) async throws(StoreError) -> Bool
    /// Appends messages to the outbox (ids assigned in order).
    func enqueueWebhookMessages(_ messages: [WebhookMessage]) async throws(StoreError)
    /// Takes up to `limit` pending messages that are due, not held by a live claim, and first in line for
    /// their endpoint and delivery; holds them for `lease` seconds under `claimant`. A claim left by an
    /// instance that died runs out, and the message is taken again.
    func claimDueWebhookMessages(now: Date, claimant: String, lease: TimeInterval, limit: Int)
        async throws(StoreError) -> [WebhookMessage]
    /// Stores an attempt with the message's new state (attempts, next time, state) and the endpoint's
    /// failure count (reset on success) in one transaction, releasing the claim; returns the endpoint's
    /// consecutive failures after it.
    func recordWebhookAttempt(_ attempt: WebhookAttempt, message: WebhookMessage) async throws(StoreError) -> Int
    /// Recent attempts of an endpoint, newest first.
    func webhookAttempts(endpointID: String, limit: Int) async throws(StoreError) -> [WebhookAttempt]
    /// Number of pending messages.
    func webhookBacklog() async throws(StoreError) -> Int
    /// The earliest next attempt of a pending message.
    func nextWebhookDue() async throws(StoreError) -> Date?
}
