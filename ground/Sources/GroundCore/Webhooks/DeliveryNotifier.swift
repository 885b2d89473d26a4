import Foundation

/// Where ``DeliveryService`` reports delivery changes for notification (the webhook outbox). Called
/// after the row was written, in write order per delivery; it must not throw the change back.
package protocol DeliveryNotifier: Sendable {
    /// A delivery row changed (status, stored ETAs...).
    func deliveryChanged(before: Delivery, after: Delivery) async
    /// The live ETA to the dropoff fell within the arriving lead time.
    func deliveryArriving(deliveryID: String, etaDropoff: Date, at time: Date) async
}
