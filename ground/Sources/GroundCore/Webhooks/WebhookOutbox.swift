import Foundation
import Logging

/// Turns delivery changes and opened alerts into outbox messages for the endpoints that asked for them.
/// A delivery change's messages are committed with the change itself (``DeliveryOutbox``); an alert's
/// page with the alert (``AlertStore/openAlert(_:enqueue:)``). The sender (GroundNotify's
/// `WebhookSender`) delivers them; ``wakeUps()`` tells it new messages arrived.
package actor WebhookOutbox: DeliveryOutbox {
    /// The outbox's endpoint id of the operator pager (`--alert-webhook`), which has no row in `webhooks`:
    /// the sender takes its URL and secret from the configuration.
    package static let pagerEndpointID = "pager"

    let store: any GroundStore
    let logger: Logger
    let now: @Sendable () -> Date
    /// Counts enqueue failures (the app wires it to a metric); the event is then only in the log.
    let countFailure: (@Sendable () -> Void)?
    var wakers: [UUID: AsyncStream<Void>.Continuation] = [:]

    package init(
        store: any GroundStore, countFailure: (@Sendable () -> Void)? = nil,
        logger: Logger = Logger(label: "skyrelay.ground.webhooks"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.countFailure = countFailure
        self.logger = logger
        self.now = now
    }

    package func messages(before: Delivery, after: Delivery) async throws(StoreError) -> [WebhookMessage] {
        var events: [WebhookEvent] = []
        if before.status != after.status, let event = WebhookEvent(reaching: after.status) { events.append(event) }
        var etaShift: TimeInterval?
        if !after.status.isTerminal, let old = before.etaDropoff, let new = after.etaDropoff, old != new {
            etaShift = abs(new.timeIntervalSince(old))
            events.append(.etaChanged)
        }
        guard !events.isEmpty else { return [] }
        return try await build(events, delivery: after, previousETADropoff: etaShift == nil ? nil : before.etaDropoff) {
            endpoint, event in
            event != .etaChanged || (etaShift ?? 0) > endpoint.etaThresholdMinutes * 60
        }
    }

    package func enqueued() { for waker in wakers.values { waker.yield() } }

    package func deliveryArriving(deliveryID: String, etaDropoff: Date, at time: Date) async {
        do {
            guard var delivery = try await store.delivery(id: deliveryID) else { return }
            delivery.etaDropoff = etaDropoff
            let messages = try await build([.arriving], delivery: delivery, previousETADropoff: nil) { _, _ in true }
            guard !messages.isEmpty else { return }
            try await store.enqueueWebhookMessages(messages)
        } catch {
            countFailure?()
            logger.error("arriving event not enqueued", metadata: ["delivery": "\(deliveryID)", "error": "\(error)"])
            return
        }
        enqueued()
    }

    /// The pager message of a newly opened alert: the alert itself as the body, its id as the idempotency
    /// key and as the line (`deliveryID`) it is ordered in.
    package nonisolated static func pageMessage(for alert: Alert) -> WebhookMessage {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let body: String
        do { body = String(decoding: try encoder.encode(alert), as: UTF8.self) } catch {
            // Plain strings, finite dates and enums always encode; reaching this is a programming error.
            preconditionFailure("alert not encodable: \(error)")
        }
        return WebhookMessage(
            endpointID: pagerEndpointID, deliveryID: alert.id, event: .alert, idempotencyKey: alert.id, body: body,
            createdAt: alert.openedAt)
    }

    /// Signals each new batch of messages; the sender waits on it between due times.
    package func wakeUps() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        wakers[id] = continuation
        continuation.onTermination = { _ in Task { await self.dropWaker(id) } }
        return stream
    }

    func dropWaker(_ id: UUID) { wakers[id] = nil }

    private func build(
        _ events: [WebhookEvent], delivery: Delivery, previousETADropoff: Date?,
        accept: (WebhookEndpoint, WebhookEvent) -> Bool
    ) async throws(StoreError) -> [WebhookMessage] {
        let endpoints = try await store.webhooks(businessID: delivery.businessID)
        let time = now()
        var messages: [WebhookMessage] = []
        for event in events {
            for endpoint in endpoints where endpoint.events.contains(event) && accept(endpoint, event) {
                let key = "evt_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
                let payload = WebhookPayload(
                    id: key, event: event, createdAt: time,
                    data: .init(
                        deliveryID: delivery.id, status: delivery.status, etaPickup: delivery.etaPickup,
                        etaDropoff: delivery.etaDropoff,
                        previousETADropoff: event == .etaChanged ? previousETADropoff : nil, reason: delivery.reason))
                messages.append(
                    WebhookMessage(
                        endpointID: endpoint.id, deliveryID: delivery.id, event: event, idempotencyKey: key,
                        body: payload.encoded(), createdAt: time))
            }
        }
        return messages
    }
}
