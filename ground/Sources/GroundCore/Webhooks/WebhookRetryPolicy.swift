import Foundation

/// Exponential backoff of webhook retries: `initialDelay` doubled after each failure up to `maxDelay`,
/// until `retryPeriod` after the event, when the message expires.
package struct WebhookRetryPolicy: Sendable, Hashable {
    package var initialDelay: TimeInterval
    package var maxDelay: TimeInterval
    package var retryPeriod: TimeInterval

    package init(initialDelay: TimeInterval = 10, maxDelay: TimeInterval = 3600, retryPeriod: TimeInterval = 86_400) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.retryPeriod = retryPeriod
    }

    package static let `default` = WebhookRetryPolicy()

    /// The wait after the `attempts`-th failed attempt (1 = the first).
    package func delay(afterAttempts attempts: Int) -> TimeInterval {
        let exponent = Double(max(0, attempts - 1))
        return min(maxDelay, initialDelay * pow(2, min(exponent, 62)))
    }

    /// When to try `message` again after it failed for the `attempts`-th time, or nil when the retry
    /// period would be over by then.
    package func nextAttempt(for message: WebhookMessage, attempts: Int, failedAt: Date) -> Date? {
        let next = failedAt.addingTimeInterval(delay(afterAttempts: attempts))
        return next.timeIntervalSince(message.createdAt) > retryPeriod ? nil : next
    }
}
