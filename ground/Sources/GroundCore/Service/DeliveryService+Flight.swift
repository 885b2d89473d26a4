import Foundation

extension DeliveryService {
    /// Where a visible delivery's flight lies in its drone's records: from its last scheduling (an earlier
    /// drone's attempt, given up before pickup, is that drone's) to the delivery's end, or now while it
    /// flies. nil while no drone holds it.
    package func flightSpan(_ id: String, businessID: String?) async throws(DeliveryServiceError) -> FlightSpan? {
        let delivery = try await get(id, businessID: businessID)
        let changes: [DeliveryStatusChange]
        do { changes = try await store.history(deliveryID: id) } catch { throw .store(error) }
        guard let droneID = delivery.assignedDroneID,
            let start = changes.last(where: { $0.to == .scheduled && $0.from != .scheduled })?.at
        else { return nil }
        let end = changes.first { $0.at >= start && $0.to.isTerminal }?.at ?? now()
        return FlightSpan(droneID: droneID, from: start, to: max(start, end))
    }
}
