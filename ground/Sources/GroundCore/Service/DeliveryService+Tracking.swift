import FleetProtocol
import Foundation

extension DeliveryService {
    /// Publishes a telemetry-driven update (position, battery, fresh ETAs) for a delivery in flight.
    ///
    /// Called for every telemetry sample of an assigned drone, so the status comes from the last
    /// published update when there is one instead of a database read per sample.
    package func track(
        _ deliveryID: String, position: TrackingUpdate.Position?, battery: Double?, phase: AssignmentPhase?,
        etaPickup: Date?, etaDropoff: Date?, at time: Date
    ) async {
        var update: TrackingUpdate
        if let cached = latest[deliveryID] {
            update = cached
        } else {
            let stored: Delivery?
            do { stored = try await store.delivery(id: deliveryID) } catch {
                logger.warning(
                    "tracking update not sent: delivery not read",
                    metadata: ["delivery": "\(deliveryID)", "error": "\(error)"])
                return
            }
            guard let delivery = stored, !delivery.status.isTerminal else { return }
            update = TrackingUpdate(
                deliveryID: deliveryID, status: delivery.status, etaPickup: delivery.etaPickup,
                etaDropoff: delivery.etaDropoff, time: time)
        }
        if let position { update.position = position }
        if let battery { update.battery = battery }
        if let phase { update.phase = phase }
        if let etaPickup { update.etaPickup = etaPickup }
        if let etaDropoff { update.etaDropoff = etaDropoff }
        update.time = time
        latest[deliveryID] = update
        await tracking.publish(update)
        if notifier != nil || outbox != nil, update.status == .inTransit, let eta = update.etaDropoff,
            eta.timeIntervalSince(time) <= arrivingLead, announcedArriving.insert(deliveryID).inserted
        {
            await outbox?.deliveryArriving(deliveryID: deliveryID, etaDropoff: eta, at: time)
            await notifier?.deliveryArriving(deliveryID: deliveryID, etaDropoff: eta, at: time)
        }
    }

    /// The current picture of a delivery for a new tracking subscriber.
    package func snapshot(_ id: String, businessID: String?) async throws(DeliveryServiceError) -> TrackingUpdate {
        let delivery = try await get(id, businessID: businessID)
        var update = latest[id] ?? TrackingUpdate(deliveryID: id, status: delivery.status, time: now())
        update.status = delivery.status
        update.etaPickup = update.etaPickup ?? delivery.etaPickup
        update.etaDropoff = update.etaDropoff ?? delivery.etaDropoff
        update.etaMarginSeconds = delivery.etaMarginSeconds
        update.deadline = delivery.deadline
        return update
    }
}
