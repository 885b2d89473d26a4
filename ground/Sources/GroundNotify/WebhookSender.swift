import AsyncHTTPClient
import Foundation
import GroundCore
import GroundObservability
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Delivers the webhook outbox: on the leader instance only, each due message that is first in line
/// for its endpoint and delivery is POSTed, signed, with its idempotency key; a failure is retried
/// with exponential backoff until the retry period ends. Every attempt is stored. The operator pager's
/// messages (``WebhookOutbox/pagerEndpointID``) go the same way, to the configured pager.
///
/// The outbox lives in the database, so a restart or a failover loses nothing: the new leader takes
/// the pending messages, including those claimed by an instance that died once their claim runs out.
package struct WebhookSender: Service {
    let store: any GroundStore
    let outbox: WebhookOutbox
    let leadership: any Leadership
    let alerts: AlertCenter
    let metrics: GroundMetrics
    let configuration: WebhookSenderConfiguration
    let logger: Logger
    /// Names this instance's claims.
    let claimant: String
    /// The wall clock of claims, attempts and backoff (moved by hand in tests of long outages).
    let now: @Sendable () -> Date

    package init(
        store: any GroundStore, outbox: WebhookOutbox, leadership: any Leadership, alerts: AlertCenter,
        metrics: GroundMetrics, configuration: WebhookSenderConfiguration = .default,
        logger: Logger = Logger(label: "skyrelay.ground.webhooks"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.now = now
        self.store = store
        self.outbox = outbox
        self.leadership = leadership
        self.alerts = alerts
        self.metrics = metrics
        self.configuration = configuration
        self.logger = logger
        claimant = "ground-" + UUID().uuidString.lowercased()
    }

    /// The HTTP client of one run: made here rather than at init, so an app built but never run
    /// holds no client that would have to be shut down.
    static func makeClient() -> HTTPClient {
        var http = HTTPClient.Configuration()
        // A receiver answers for itself: a redirect is a failed attempt, never a hop to another host.
        http.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    package func run() async throws {
        let client = Self.makeClient()
        var failure: (any Error)?
        do {
            try await cancelWhenGracefulShutdown { try await deliverLoop(client) }
        } catch is CancellationError {
            // Shutdown: pending messages stay in the outbox for the next leader.
        } catch {
            failure = error
        }
        try await client.shutdown()
        if let failure { throw failure }
    }

    func deliverLoop(_ client: HTTPClient) async throws {
        let (signals, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let wakeUps = await outbox.wakeUps()
        let pollInterval = configuration.pollInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in wakeUps { signal.yield() }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: pollInterval)
                    signal.yield()
                }
            }
            signal.yield()
            for await _ in signals {
                try Task.checkCancellation()
                await round(client)
            }
            group.cancelAll()
        }
    }

    /// Sends everything due now, batch after batch, then updates the backlog gauge.
    func round(_ client: HTTPClient) async {
        if await leadership.isLeader {
            while true {
                let due: [WebhookMessage]
                do {
                    due = try await store.claimDueWebhookMessages(
                        now: now(), claimant: claimant, lease: configuration.claimLease, limit: configuration.batchSize
                    )
                } catch {
                    logger.error("webhook outbox not read", metadata: ["error": "\(error)"])
                    break
                }
                if due.isEmpty { break }
                await withTaskGroup(of: Void.self) { group in
                    for message in due { group.addTask { await deliver(message, client: client) } }
                }
                if due.count < configuration.batchSize { break }
            }
        }
        do { metrics.setWebhookBacklog(try await store.webhookBacklog()) } catch {
            logger.warning("webhook backlog not counted", metadata: ["error": "\(error)"])
        }
    }

    /// One attempt for one message, stored with its outcome.
    func deliver(_ message: WebhookMessage, client: HTTPClient) async {
        let isPage = message.endpointID == WebhookOutbox.pagerEndpointID
        let endpoint: WebhookEndpoint?
        if isPage {
            endpoint = configuration.pager
        } else {
            do { endpoint = try await store.webhook(id: message.endpointID) } catch {
                // The claim runs out and the message is taken again.
                logger.error(
                    "webhook endpoint not read", metadata: ["endpoint": "\(message.endpointID)", "error": "\(error)"])
                return
            }
        }
        let started = ContinuousClock.now
        let at = now()
        var statusCode: Int?
        var failure: String?
        if let endpoint {
            do { statusCode = try await post(message, to: endpoint, at: at, client: client) } catch {
                failure = Self.describe(error)
            }
        } else {
            // A page waits for an instance that has the pager configured; a deleted endpoint's message is dropped.
            failure = isPage ? "no pager configured on this instance" : "endpoint deleted"
        }
        let elapsed = started.duration(to: .now).components
        let attempt = WebhookAttempt(
            messageID: message.id, endpointID: message.endpointID, deliveryID: message.deliveryID,
            event: message.event, at: at, statusCode: statusCode, error: failure,
            durationMs: Int(elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000))
        var updated = message
        updated.attempts += 1
        let outcome: String
        if attempt.succeeded {
            updated.state = .delivered
            outcome = "delivered"
        } else if endpoint == nil, !isPage {
            updated.state = .dropped
            outcome = "dropped"
        } else if let next = configuration.retry.nextAttempt(
            for: message, attempts: updated.attempts, failedAt: now())
        {
            updated.nextAttemptAt = next
            outcome = "failed"
        } else {
            updated.state = .expired
            outcome = "expired"
        }
        metrics.recordWebhookAttempt(outcome: outcome)
        let failures: Int
        do { failures = try await store.recordWebhookAttempt(attempt, message: updated) } catch {
            // Not recorded: the claim runs out and the message is sent again (at-least-once).
            logger.error(
                "webhook attempt not recorded", metadata: ["message": "\(message.id)", "error": "\(error)"])
            return
        }
        if outcome != "delivered" {
            logger.warning(
                "webhook attempt failed",
                metadata: [
                    "endpoint": "\(message.endpointID)", "message": "\(message.id)", "outcome": "\(outcome)",
                    "status": "\(statusCode.map(String.init) ?? "-")", "error": "\(failure ?? "-")",
                ])
        }
        if let endpoint, failures > configuration.failureAlertThreshold {
            do {
                try await alerts.raise(
                    kind: .webhookFailing, subject: endpoint.id,
                    message:
                        "webhook \(endpoint.id) (\(endpoint.url)) of \(endpoint.businessID) failed \(failures) attempts in a row (last: \(statusCode.map { "HTTP \($0)" } ?? failure ?? "error"))"
                )
            } catch {
                logger.error("webhook alert not opened", metadata: ["endpoint": "\(endpoint.id)", "error": "\(error)"])
            }
        }
    }

    /// POSTs the message and returns the receiver's status code.
    func post(_ message: WebhookMessage, to endpoint: WebhookEndpoint, at time: Date, client: HTTPClient)
        async throws -> Int
    {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        let timestamp = Int64(time.timeIntervalSince1970)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "SkyRelay-Webhooks/1")
        request.headers.add(
            name: WebhookSignature.headerName,
            value: WebhookSignature.header(secret: endpoint.secret, timestamp: timestamp, body: message.body))
        request.headers.add(name: "Idempotency-Key", value: message.idempotencyKey)
        request.headers.add(name: "SkyRelay-Event", value: message.event.rawValue)
        request.body = .bytes(ByteBuffer(string: message.body))
        let timeout = configuration.requestTimeout.components
        let response = try await client.execute(
            request, timeout: .nanoseconds(timeout.seconds * 1_000_000_000 + timeout.attoseconds / 1_000_000_000))
        // Read (and discard) the answer so the connection can be reused.
        for try await _ in response.body {}
        return Int(response.status.code)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout { return "timeout" }
            return "\(error)"
        }
        return "\(error)"
    }
}
