import Foundation

extension DeliveryService {
    /// Changes a delivery's plan before pickup and plans it again: a scheduled delivery leaves its drone
    /// (told to drop the assignment) and goes back to the queue, then is dispatched like a new one, so the
    /// answer carries the new ETA or the queue reason. The change is one compare-and-set on the row,
    /// recorded in the history with the changed fields; it bumps ``Delivery/planRevision``, so an offer made
    /// for the old plan whose acceptance arrives later is refused (``apply(_:to:)``): a reschedule and a
    /// concurrent dispatch never both win. From pickup on it is a conflict (409).
    package func reschedule(_ id: String, businessID: String?, change: DeliveryChange)
        async throws(DeliveryServiceError) -> Delivery
    {
        let fields = change.fieldNames
        guard !fields.isEmpty else {
            throw .invalid(
                field: "body", code: "missing_field",
                message: "name at least one of window, dropoff, deadline, priority")
        }
        // Checked against the row as read; the pickup (the only other input) never changes.
        let current = try await get(id, businessID: businessID)
        try validate(Self.bookingView(change.applied(to: current)))
        // Named as against the row read; a concurrent change in between leaves the note naming what was sent.
        let changed = change.changedFieldNames(of: current)
        let note = "rescheduled (\((changed.isEmpty ? fields : changed).joined(separator: ", ")) changed)"
        let (before, after) = try await mutate(id, businessID: businessID, note: note) {
            d throws(DeliveryTransitionError) in
            guard d.status == .requested || d.status == .scheduled else {
                throw DeliveryTransitionError(from: d.status, to: .requested)
            }
            let changed = change.applied(to: d)
            guard
                changed.window != d.window || changed.dropoff != d.dropoff || changed.deadline != d.deadline
                    || changed.priority != d.priority
            else { return }
            d = changed
            d.planRevision += 1
            // The promise made for the old plan no longer holds: the next scheduling records a new one.
            d.initialETAPickup = nil
            d.initialETADropoff = nil
            d.etaPickup = nil
            d.etaDropoff = nil
            if d.status == .scheduled {
                try d.requeueOffDrone(reason: note, at: self.now())
            } else {
                d.updatedAt = self.now()
            }
        }
        guard after.planRevision != before.planRevision else { return after }
        latest[id] = nil
        // Withdraws an offer still out for the old plan, and tells an assigned drone to drop it.
        await dispatcher.cancel(before)
        return try await dispatch(id)
    }

    /// The delivery as the booking checks see it.
    static func bookingView(_ d: Delivery) -> DeliveryRequest {
        DeliveryRequest(
            pickup: d.pickup, dropoff: d.dropoff, weightKg: d.weightKg, size: d.size, window: d.window,
            deadline: d.deadline, priority: d.priority)
    }
}
