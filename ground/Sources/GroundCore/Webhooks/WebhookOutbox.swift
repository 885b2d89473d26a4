import Foundation
import Logging

/// Turns delivery changes into outbox messages for the endpoints that asked for them. The sender
/// (GroundNotify's `WebhookSender`) delivers them; ``wakeUps()`` tells it new messages arrived.
package actor WebhookOutbox: DeliveryNotifier {
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

    package func deliveryChanged(before: Delivery, after: Delivery) async {
        var events: [WebhookEvent] = []
        if before.status != after.status, let event = WebhookEvent(reaching: after.status) { events.append(event) }
        var etaShift: TimeInterval?
        if !after.status.isTerminal, let old = before.etaDropoff, let new = after.etaDropoff, old != new {
            etaShift = abs(new.timeIntervalSince(old))
            events.append(.etaChanged)
        }
        guard !events.isEmpty else { return }
        await enqueue(events, delivery: after, previousETADropoff: etaShift == nil ? nil : before.etaDropoff) {
            endpoint, event in
            event != .etaChanged || (etaShift ?? 0) > endpoint.etaThresholdMinutes * 60
        }
    }

    package func deliveryArriving(deliveryID: String, etaDropoff: Date, at time: Date) async {
        let delivery: Delivery?
        do { delivery = try await store.delivery(id: deliveryID) } catch {
            failed("arriving event not enqueued: delivery not read", deliveryID: deliveryID, error: error)
            return
        }
        guard var delivery else { return }
        delivery.etaDropoff = etaDropoff
        await enqueue([.arriving], delivery: delivery, previousETADropoff: nil) { _, _ in true }
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

    private func enqueue(
        _ events: [WebhookEvent], delivery: Delivery, previousETADropoff: Date?,
        accept: (WebhookEndpoint, WebhookEvent) -> Bool
    ) async {
        let endpoints: [WebhookEndpoint]
        do { endpoints = try await store.webhooks(businessID: delivery.businessID) } catch {
            failed("webhook events not enqueued: endpoints not read", deliveryID: delivery.id, error: error)
            return
        }
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
        guard !messages.isEmpty else { return }
        do { try await store.enqueueWebhookMessages(messages) } catch {
            failed("webhook events not enqueued", deliveryID: delivery.id, error: error)
            return
        }
        for waker in wakers.values { waker.yield() }
    }

    private func failed(_ message: Logger.Message, deliveryID: String, error: StoreError) {
        countFailure?()
        logger.error(message, metadata: ["delivery": "\(deliveryID)", "error": "\(error)"])
    }
}
