import Foundation

extension DeliveryRecord {
    /// The analytics view of a stored delivery. Flight time runs from scheduling (the drone
    /// starts its preflight) to completion (landed back), or to the failure.
    package init(_ delivery: Delivery) {
        func seconds(_ date: Date?) -> Double? { date?.timeIntervalSince1970 }
        let scheduled = delivery.statusTimes[.scheduled]
        let end = delivery.statusTimes[.completed] ?? delivery.statusTimes[.failed]
        let flight = scheduled.flatMap { start in end.map { max(0, $0.timeIntervalSince(start)) } }
        self.init(
            id: delivery.id, status: Status(rawValue: delivery.status.rawValue) ?? .requested,
            requestedAt: delivery.createdAt.timeIntervalSince1970, scheduledAt: seconds(scheduled),
            pickedUpAt: seconds(delivery.statusTimes[.inTransit]),
            deliveredAt: seconds(delivery.statusTimes[.delivered]),
            completedAt: seconds(delivery.statusTimes[.completed]),
            firstDropoffETA: seconds(delivery.initialETADropoff), droneID: delivery.assignedDroneID,
            energyUsedWh: delivery.energyUsedWh, flightSeconds: flight, deadline: seconds(delivery.deadline))
    }
}
