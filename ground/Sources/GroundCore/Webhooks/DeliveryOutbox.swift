import Foundation

/// The durable webhook outbox as ``DeliveryService`` sees it. The rows a delivery change announces are
/// built before the write and committed by the store in the same transaction as the row
/// (``GroundStore/updateDelivery(_:change:enqueue:)``): no crash keeps the change and loses its events.
package protocol DeliveryOutbox: Sendable {
    /// The outbox rows announcing the change from `before` to `after` (empty when nobody subscribed).
    func messages(before: Delivery, after: Delivery) async throws(StoreError) -> [WebhookMessage]
    /// Rows were committed: wakes the sender.
    func enqueued() async
    /// The live ETA to the dropoff fell within the arriving lead time. No row changes with it, so its
    /// message is enqueued on its own.
    func deliveryArriving(deliveryID: String, etaDropoff: Date, at time: Date) async
}
