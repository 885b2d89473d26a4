extension DeliveryService {
    /// A planned delivery's ETAs for its tracking stream: a plan changes no status, so `mutate` publishes
    /// nothing for it.
    func publishETA(of delivery: Delivery) async {
        var update = TrackingUpdate(deliveryID: delivery.id, status: delivery.status, time: delivery.updatedAt)
        update.etaPickup = delivery.etaPickup
        update.etaDropoff = delivery.etaDropoff
        await publish(update, for: delivery)
    }
}
