import Foundation
import GroundCore

/// How the webhook sender retries, waits and claims.
package struct WebhookSenderConfiguration: Sendable {
    package var retry: WebhookRetryPolicy
    /// A receiver slower than this counts as a failed attempt (retried later).
    package var requestTimeout: Duration
    /// How long a claimed message is held by this instance; a claim of an instance that died runs
    /// out after it and the message is sent again.
    package var claimLease: TimeInterval
    /// Messages taken per round (sent concurrently: each is first in line for its delivery).
    package var batchSize: Int
    /// How often the outbox is looked at when no new event woke the sender: for retries coming due and
    /// for messages enqueued by other instances.
    package var pollInterval: Duration
    /// An endpoint failing more attempts in a row than this opens a `webhookFailing` alert.
    package var failureAlertThreshold: Int
    /// The operator pager (`--alert-webhook URL` with its secret): the endpoint of the outbox's
    /// ``WebhookOutbox/pagerEndpointID`` messages. nil: pages wait in the outbox (retried, then expired).
    package var pager: WebhookEndpoint?

    package init(
        retry: WebhookRetryPolicy = .default, requestTimeout: Duration = .seconds(10), claimLease: TimeInterval = 120,
        batchSize: Int = 32, pollInterval: Duration = .seconds(1), failureAlertThreshold: Int = 5,
        pager: (url: String, secret: String)? = nil
    ) {
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.claimLease = claimLease
        self.batchSize = batchSize
        self.pollInterval = pollInterval
        self.failureAlertThreshold = failureAlertThreshold
        self.pager = pager.map { Self.pagerEndpoint(url: $0.url, secret: $0.secret) }
    }

    package static let `default` = WebhookSenderConfiguration()

    /// The pager as an endpoint of the sender (it has no row in `webhooks`).
    package static func pagerEndpoint(url: String, secret: String) -> WebhookEndpoint {
        WebhookEndpoint(
            id: WebhookOutbox.pagerEndpointID, businessID: "", url: url, events: [.alert], etaThresholdMinutes: 0,
            secret: secret, createdAt: Date(timeIntervalSince1970: 0))
    }
}
