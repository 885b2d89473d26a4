import Foundation

/// Where ``DeliveryService`` reports delivery changes once written (the delivery alerts), in write order
/// per delivery; it must not throw the change back. Webhooks are not told here: their outbox rows are
/// written with the change (``DeliveryOutbox``).
package protocol DeliveryNotifier: Sendable {
    /// A delivery row changed (status, stored ETAs...).
    func deliveryChanged(before: Delivery, after: Delivery) async
    /// The live ETA to the dropoff fell within the arriving lead time.
    func deliveryArriving(deliveryID: String, etaDropoff: Date, at time: Date) async
}
