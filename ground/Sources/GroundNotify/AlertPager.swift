import AsyncHTTPClient
import Foundation
import GroundCore
import Logging
import NIOCore
import ServiceLifecycle

/// Sends each newly opened alert to the operator's pager webhook (`--alert-webhook URL`), signed like
/// business webhooks (``WebhookSignature``) with `--alert-webhook-secret`. Alerts are stored and on the
/// operators' stream regardless; the pager is a courtesy copy, retried a few times with backoff and
/// then logged as lost (`skyrelay_webhook_attempts_total{outcome="pager_failed"}`).
package actor AlertPager: AlertSink, Service {
    let url: String
    let secret: String
    let attempts: Int
    let firstDelay: Duration
    let requestTimeout: Duration
    let countOutcome: @Sendable (String) -> Void
    let logger: Logger
    let queue: AsyncStream<Alert>
    let continuation: AsyncStream<Alert>.Continuation

    package init(
        url: String, secret: String, attempts: Int = 5, firstDelay: Duration = .seconds(2),
        requestTimeout: Duration = .seconds(10), countOutcome: @escaping @Sendable (String) -> Void,
        logger: Logger = Logger(label: "skyrelay.ground.pager")
    ) {
        self.url = url
        self.secret = secret
        self.attempts = attempts
        self.firstDelay = firstDelay
        self.requestTimeout = requestTimeout
        self.countOutcome = countOutcome
        self.logger = logger
        (queue, continuation) = AsyncStream<Alert>.makeStream(bufferingPolicy: .bufferingNewest(1000))
    }

    package nonisolated func alertOpened(_ alert: Alert) async { continuation.yield(alert) }

    package func run() async throws {
        let client = WebhookSender.makeClient()
        var failure: (any Error)?
        do {
            try await cancelWhenGracefulShutdown {
                for await alert in self.queue { try await self.page(alert, client: client) }
            }
        } catch is CancellationError {
            // Shutdown.
        } catch {
            failure = error
        }
        try await client.shutdown()
        if let failure { throw failure }
    }

    func page(_ alert: Alert, client: HTTPClient) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let body = String(decoding: try encoder.encode(alert), as: UTF8.self)
        var delay = firstDelay
        for attempt in 1...attempts {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "SkyRelay-Webhooks/1")
            request.headers.add(name: "Idempotency-Key", value: alert.id)
            request.headers.add(name: "SkyRelay-Event", value: "alert")
            request.headers.add(
                name: WebhookSignature.headerName,
                value: WebhookSignature.header(
                    secret: secret, timestamp: Int64(Date().timeIntervalSince1970), body: body))
            request.body = .bytes(ByteBuffer(string: body))
            let timeout = requestTimeout.components
            var failure: String
            do {
                let response = try await client.execute(
                    request,
                    timeout: .nanoseconds(timeout.seconds * 1_000_000_000 + timeout.attoseconds / 1_000_000_000))
                for try await _ in response.body {}
                if (200..<300).contains(Int(response.status.code)) {
                    countOutcome("pager_delivered")
                    return
                }
                failure = "HTTP \(response.status.code)"
            } catch {
                failure = WebhookSender.describe(error)
            }
            logger.warning(
                "alert pager attempt failed",
                metadata: ["alert": "\(alert.id)", "attempt": "\(attempt)", "error": "\(failure)"])
            if attempt < attempts {
                try await Task.sleep(for: delay)
                delay *= 2
            }
        }
        countOutcome("pager_failed")
        logger.error("alert not paged", metadata: ["alert": "\(alert.id)", "url": "\(url)"])
    }
}
